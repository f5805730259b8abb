using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class WebhookSecurityTests
{
    /// <summary>The test vector of the Standard Webhooks specification.</summary>
    [Test]
    public void SignatureMatchesTheStandardWebhooksTestVector() =>
        Assert.That(
            WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}")),
            Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));

    [Test]
    public void NewSecretsAreStandardWebhooksSecretsOf32RandomBytes()
    {
        var a = WebhookSignature.NewSecret();
        Assert.That(a, Does.StartWith("whsec_"));
        Assert.That(Convert.FromBase64String(a["whsec_".Length..]), Has.Length.EqualTo(32));
        Assert.That(WebhookSignature.NewSecret(), Is.Not.EqualTo(a));
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("0.0.0.0", true)]
    [TestCase("10.1.2.3", true)]
    [TestCase("100.64.0.1", true)]
    [TestCase("100.128.0.1", false)]
    [TestCase("169.254.169.254", true)]
    [TestCase("172.16.0.1", true)]
    [TestCase("172.32.0.1", false)]
    [TestCase("192.168.1.1", true)]
    [TestCase("192.0.0.8", true)]
    [TestCase("198.18.0.1", true)]
    [TestCase("224.0.0.1", true)]
    [TestCase("255.255.255.255", true)]
    [TestCase("8.8.8.8", false)]
    [TestCase("203.0.113.10", false)]
    [TestCase("::1", true)]
    [TestCase("::", true)]
    [TestCase("fe80::1", true)]
    [TestCase("fd00:ec2::254", true)]
    [TestCase("ff02::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]
    [TestCase("::ffff:8.8.8.8", false)]
    [TestCase("64:ff9b::a00:1", true)]
    [TestCase("64:ff9b::808:808", false)]
    [TestCase("::127.0.0.1", true)]
    [TestCase("2606:4700::1111", false)]
    [TestCase("2001:4860:4860::8888", false)]
    [TestCase("2002:0a00:0001::1", true)] // 6to4 of 10.0.0.1
    [TestCase("2002:0808:0808::1", true)] // 6to4 of a public address: the relay is still someone else's path in
    [TestCase("64:ff9b:1::a00:1", true)] // local-use NAT64
    [TestCase("64:ff9b:1::808:808", true)]
    [TestCase("::ffff:0:a00:1", true)] // SIIT, IPv4-translated
    [TestCase("::ffff:0:808:808", true)]
    [TestCase("2001:0:4136:e378:8000:63bf:3fff:fdd2", true)] // Teredo
    [TestCase("2001:2::1", true)] // benchmarking
    [TestCase("2001:20::1", true)] // ORCHIDv2
    [TestCase("2001:db8::1", true)] // documentation
    [TestCase("3fff::1", true)]
    [TestCase("100::1", true)] // discard-only
    [TestCase("5f00::1", true)] // SRv6 SIDs
    [TestCase("64:ff9b::c0a8:101", true)] // NAT64 of 192.168.1.1
    [TestCase("64:ff9b::a9fe:a9fe", true)] // NAT64 of the metadata address
    [TestCase("::808:808", true)] // IPv4-compatible, deprecated
    public void AddressesAreJudgedByTheBlockedRanges(string address, bool blocked) =>
        Assert.That(WebhookAddressGuard.IsBlocked(IPAddress.Parse(address)), Is.EqualTo(blocked));

    [TestCase("localhost", true)]
    [TestCase("intranet", true)]
    [TestCase("db.internal", true)]
    [TestCase("api.svc.cluster.local", true)]
    [TestCase("hooks.example.com", false)]
    public void InternalNamesAreRefused(string host, bool blocked) => Assert.That(WebhookAddressGuard.IsBlockedName(host), Is.EqualTo(blocked));

    [Test]
    public void RetriesBackOffExponentiallyHonourRetryAfterWithinTheCapAndStopAfterTheWindow()
    {
        var schedule = new WebhookRetrySchedule(Options.Create(new WebhooksOptions
        {
            FirstRetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromHours(1), MaxRetryAge = TimeSpan.FromHours(24), Jitter = 0,
        }));
        var created = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.That(schedule.Next(created, 1, created, null, 0.5), Is.EqualTo(created.AddSeconds(5)));
        Assert.That(schedule.Next(created, 4, created, null, 0.5), Is.EqualTo(created.AddSeconds(40)));
        Assert.That(schedule.Next(created, 30, created, null, 0.5), Is.EqualTo(created.AddHours(1)));
        Assert.That(schedule.Next(created, 1, created, TimeSpan.FromSeconds(120), 0.5), Is.EqualTo(created.AddSeconds(120)));
        Assert.That(schedule.Next(created, 1, created, TimeSpan.FromDays(3), 0.5), Is.EqualTo(created.AddHours(1)));
        Assert.That(schedule.Next(created, 20, created.AddHours(23.5), null, 0.5), Is.Null);
    }
}
