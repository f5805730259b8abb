using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// What goes on the wire (reliability.md T03, T04, T38): dots are stuffed, no bare LF, no line over 998 characters,
/// and the strict receiving MX (which refuses all of those) gets exactly one copy whose decoded body is the original.
/// </summary>
[TestFixture]
public sealed class OutboundCorrectnessTests() : TenantFixture("api,delivery,events", "outbound.test")
{
    [Test]
    public async Task DotsBareNewlinesAndLongLinesArriveIntactAndWireSafe()
    {
        var rcpt = $"wire-{Guid.NewGuid():N}@mx-ok.test";
        var longLine = string.Concat(Enumerable.Repeat("0123456789", 500));
        var text = $"first\r\n.\r\n..two\n.bare-lf-dot\n.\nmiddle\r\n{longLine}\r\nlast";
        var response = await Tenant.SendAsync(new { from = new { email = "w@outbound.test" }, to = new[] { new { email = rcpt } }, subject = "wire", text });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        await Tenant.WaitForStatusAsync(id, "ok");
        var received = TestEnvironment.Mx1.For(rcpt).Single();
        var raw = Encoding.ASCII.GetString(received.Content);
        Assert.That(raw.Replace("\r\n", string.Empty, StringComparison.Ordinal), Does.Not.Contain('\n').And.Not.Contain('\r'), "no bare LF or CR on the wire");
        Assert.That(raw.Split("\r\n").Max(l => l.Length), Is.LessThanOrEqualTo(998));
        var decoded = received.Parse().TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.That(decoded, Does.StartWith(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    [Test]
    public async Task ASevenBitBodyWhoseLinesFitSmtpsLimitIsSentAsWrittenNotReEncoded()
    {
        var rcpt = $"plain-{Guid.NewGuid():N}@mx-ok.test";
        var line = string.Concat(Enumerable.Repeat("plain text ", 30)).TrimEnd(); // 329 characters: over RFC 5322's 78, within SMTP's 998
        var response = await Tenant.SendAsync(new { from = new { email = "w@outbound.test" }, to = new[] { new { email = rcpt } }, subject = "plain", text = $"{line}\r\n{line}" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        await Tenant.WaitForStatusAsync(id, "ok");
        var received = TestEnvironment.Mx1.For(rcpt).Single();
        var raw = Encoding.ASCII.GetString(received.Content);
        Assert.That(raw, Does.Contain($"\r\n{line}\r\n{line}"), "the lines as written, not quoted-printable soft breaks");
        Assert.That(received.Parse().Body!.Headers[MimeKit.HeaderId.ContentTransferEncoding] ?? "7bit", Does.Not.Contain("quoted-printable"));
    }
}
