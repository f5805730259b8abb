using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// reliability.md T03, the SIZE half: the <c>SIZE=</c> a delivery worker declares at MAIL is the size of the message it
/// then sends (RFC 1870: the octets of the message, CRLFs included, without the dots added by stuffing or the final
/// dot), for a body of dot lines that the wire stuffs.
/// </summary>
[TestFixture]
public sealed class OutboundSizeTests() : TenantFixture("api,delivery,events", "outbound-size.test")
{
    [Test]
    public async Task TheDeclaredSizeIsTheSizeOfTheMessageSentWhateverItsDotLines()
    {
        var rcpt = $"size-{Guid.NewGuid():N}@mx-ok.test";
        var text = ".leading dot\r\n..two dots\r\n.\r\nmiddle\r\n...\r\nlast";
        var response = await Tenant.SendAsync(new { from = new { email = "s@outbound-size.test" }, to = new[] { new { email = rcpt } }, subject = "size", text });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        await Tenant.WaitForStatusAsync(id, "ok");
        var received = TestEnvironment.Mx1.For(rcpt).Single();
        Assert.That(received.DeclaredSize, Is.Not.Null, "the worker declares SIZE to a server that offers it");
        Assert.That(received.DeclaredSize, Is.EqualTo(received.Content.Length), "SIZE= is the message's octets as received (un-stuffed)");
        var lines = Encoding.ASCII.GetString(received.Content).Split("\r\n");
        Assert.That(lines, Does.Contain(".").And.Contain("..two dots").And.Contain("..."), "the dot lines arrive as written, once un-stuffed");
        Assert.That(received.Parse().TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal), Does.StartWith(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }
}
