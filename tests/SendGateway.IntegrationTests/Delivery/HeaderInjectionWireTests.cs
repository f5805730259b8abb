using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// reliability.md T35 checked where it matters, at the receiving MX: header-injection attempts through JSON fields are
/// refused and never reach the wire, and the accepted message to the same recipient carries exactly the headers asked
/// for, its non-ASCII subject as an RFC 2047 encoded word.
/// </summary>
[TestFixture]
public sealed class HeaderInjectionWireTests() : TenantFixture("api,delivery,events", "wire-inject.test")
{
    [Test]
    public async Task InjectionAttemptsNeverReachTheWireAndANonAsciiSubjectIsAnEncodedWord()
    {
        var rcpt = $"inject-{Guid.NewGuid():N}@mx-ok.test";
        object Message(string subject, string name, Dictionary<string, string> headers) =>
            new { from = new { email = "a@wire-inject.test", name }, to = new[] { new { email = rcpt } }, subject, text = "t", headers };
        var attempts = new[]
        {
            Message("Hi\r\nBcc: victim@x.test", "App", []),
            Message("Hi", "A\r\n\r\n<html>", []),
            Message("Hi", "App", new() { ["X-Campaign"] = "nov\nBcc: victim@x.test" }),
            Message("Hi", "App", new() { ["X-Bad\r\nBcc"] = "victim@x.test" }),
            Message("Hi\u2028Bcc: victim@x.test", "App", []),
        };
        foreach (var attempt in attempts)
        {
            using var refused = await Tenant.SendAsync(attempt);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await refused.Content.ReadAsStringAsync());
        }

        const string subject = "Grüße — Ünïcode ✓";
        using var sent = await Tenant.SendAsync(Message(subject, "Äpp", new() { ["X-Campaign"] = "nov" }));
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(id, "ok");

        var received = TestEnvironment.Mx1.For(rcpt).ToList();
        Assert.That(received, Has.Count.EqualTo(1), "only the accepted message reached the MX");
        Assert.That(received[0].Recipients, Is.EqualTo(new[] { rcpt }), "no recipient was added to the envelope");
        var raw = Encoding.ASCII.GetString(received[0].Content);
        var head = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.That(head, Does.Not.Contain("victim"), "nothing of the attempts in the header");
        Assert.That(head.Split("\r\n").Where(l => l.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase)), Is.Empty);
        Assert.That(head.Split("\r\n").Count(l => l.StartsWith("X-Campaign:", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1));
        Assert.That(head, Does.Match(@"(?im)^Subject: =\?utf-8\?[bq]\?"), "the subject as an RFC 2047 encoded word");
        Assert.That(received[0].Content.Take(head.Length).All(b => b < 128), Is.True, "the header is ASCII");
        var parsed = received[0].Parse();
        Assert.That(parsed.Subject, Is.EqualTo(subject));
        Assert.That(parsed.Headers["X-Campaign"], Is.EqualTo("nov"));
        Assert.That(parsed.From.Mailboxes.Single().Name, Is.EqualTo("Äpp"));
    }
}
