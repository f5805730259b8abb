using System.Net;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.IntegrationTests.Relay;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T79, the envelope half: a relay client declares SMTPUTF8 for a recipient with a non-ASCII local part,
/// and the destination's MX does not offer SMTPUTF8. The address cannot be carried (MailKit would send it raw anyway), so
/// the message bounces <c>5.6.7</c> without being offered; the MX sees no RCPT for it.
/// </summary>
[TestFixture]
public sealed class SmtpUtf8MismatchTests : RelayFixture
{
    private const string MxDomain = "no-utf8.smtputf8.test";
    private RawMx _mx = null!;

    [OneTimeSetUp]
    public void StartMx()
    {
        // EHLO answers without SMTPUTF8; the MX is reached through DNS on the common MX port.
        _mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, ehloExtra: "8BITMIME"), new IPEndPoint(IPAddress.Parse("127.0.0.30"), TestEnvironment.MxPort));
        TestEnvironment.Dns.AddMx(MxDomain, 10, $"mx.{MxDomain}");
        TestEnvironment.Dns.AddA($"mx.{MxDomain}", "127.0.0.30");
    }

    [OneTimeTearDown]
    public async Task StopMxAsync() => await _mx.DisposeAsync();

    [Test]
    public async Task T79AUnicodeRecipientToAnMxWithoutSmtpUtf8BouncesWith567()
    {
        var recipient = $"jörg-{Guid.NewGuid():N}@{MxDomain}";
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> SMTPUTF8\r\n"), Does.StartWith("250"));
            Assert.That(await client.SendAsync($"RCPT TO:<{recipient}>\r\n"), Does.StartWith("250"));
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            Assert.That(await client.SendAsync($"From: app@{Domain}\r\nTo: {recipient}\r\nSubject: hi\r\n\r\nhello\r\n.\r\n"), Does.StartWith("250"));
        }

        var id = await MessageIdForAsync(recipient);
        var message = await Tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        var last = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.6.7"), last.ToString());
        Assert.That(last.GetProperty("smtp").GetProperty("response").GetString(), Does.Contain("SMTPUTF8"));
        Assert.That(_mx.Received, Is.Empty, "nothing was offered to the MX");
    }
}
