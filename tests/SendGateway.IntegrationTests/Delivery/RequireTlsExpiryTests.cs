using System.Net;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.IntegrationTests.Relay;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// RFC 8689 end to end (reliability.md T72: deferred 4.7.x, then bounced 5.7.x at the lifetime): a message relayed with
/// <c>MAIL FROM … REQUIRETLS</c> to a domain whose only MX does not offer STARTTLS is never sent in plain text; each
/// attempt softbounces with reason <c>require_tls</c>, and when its lifetime ends (moved clock) it bounces
/// <c>hardbounce</c> <c>5.7.10</c> naming why, its class <c>MessageExpired</c> (the address is not suppressed).
/// Needs the delivery side's require-TLS enforcement (the TLS policy seam) to produce the <c>require_tls</c> softbounce.
/// </summary>
[TestFixture]
public sealed class RequireTlsExpiryTests : RelayFixture
{
    private const string MxDomain = "no-starttls.requiretls.test";
    private readonly AdjustableTimeProvider _clock = new();
    private TestMx _mx = null!;

    protected override TimeProvider? Clock => _clock;

    [OneTimeSetUp]
    public void StartMx()
    {
        // A real MX that never offers STARTTLS (no certificate), reached through DNS on the common MX port.
        _mx = new TestMx(new IPEndPoint(IPAddress.Parse("127.0.0.86"), TestEnvironment.MxPort));
        TestEnvironment.Dns.AddMx(MxDomain, 10, $"mx.{MxDomain}");
        TestEnvironment.Dns.AddA($"mx.{MxDomain}", "127.0.0.86");
    }

    [OneTimeTearDown]
    public async Task StopMxAsync() => await _mx.DisposeAsync();

    [Test]
    public async Task ARequireTlsMessageToAnMxWithoutStartTlsSoftbouncesThenBouncesWith5710AtItsLifetimesEnd()
    {
        var recipient = $"secret-{Guid.NewGuid():N}@{MxDomain}";
        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<app@{Domain}> REQUIRETLS\r\n"), Does.StartWith("250"));
            Assert.That(await client.SendAsync($"RCPT TO:<{recipient}>\r\n"), Does.StartWith("250"));
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            var reply = await client.SendAsync($"From: app@{Domain}\r\nTo: {recipient}\r\nSubject: s\r\nX-SG-Max-Delivery-Seconds: 900\r\n\r\nbody\r\n.\r\n");
            Assert.That(reply, Does.StartWith("250"), reply);
        }

        var id = await MessageIdForAsync(recipient);
        var deferred = await Tenant.WaitForStatusAsync(id, "softbounce", seconds: 60);
        var softbounce = deferred.GetProperty("events").EnumerateArray().Last();
        Assert.That(softbounce.GetProperty("reason").GetString(), Is.EqualTo("require_tls"), softbounce.ToString());

        _clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var message = await Tenant.WaitForStatusAsync(id, "hardbounce", seconds: 60);
        var last = message.GetProperty("events").EnumerateArray().Last();
        Assert.That(last.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.7.10"), last.ToString());
        Assert.That(last.GetProperty("smtp").GetProperty("response").GetString(), Does.Contain("REQUIRETLS"));
        Assert.That(last.GetProperty("reason").GetString(), Is.EqualTo("require_tls"));
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageExpired"));
        Assert.That(_mx.For(recipient), Is.Empty, "never delivered in plain text");
    }
}
