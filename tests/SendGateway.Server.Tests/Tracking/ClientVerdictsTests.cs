using System.Net;
using SendGateway.Server.Tracking;

namespace SendGateway.Server.Tests.Tracking;

[TestFixture]
public sealed class ClientVerdictsTests
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

    private static MachineVerdict Judge(char kind, string? ua, string ip, int secondsAfter = 3600) =>
        ClientVerdicts.Judge(kind, ua, IPAddress.Parse(ip), Sent, Sent.AddSeconds(secondsAfter), TimeSpan.FromSeconds(10));

    [Test]
    public void ImageProxiesScannersAndPrefetchesAreMachines()
    {
        Assert.That(Judge('o', "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", "66.249.84.1"),
            Is.EqualTo(new MachineVerdict(true, "google_image_proxy", new("proxy", "Gmail image proxy"))));
        Assert.That(Judge('o', "Mozilla/5.0", "17.58.1.2"), Is.EqualTo(new MachineVerdict(true, "apple_privacy_proxy", new("proxy", "Apple Mail Privacy Protection"))));
        Assert.That(Judge('o', "Mozilla/5.0", "::ffff:17.58.1.2").Reason, Is.EqualTo("apple_privacy_proxy"));
        Assert.That(Judge('o', "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "98.136.1.1").Reason, Is.EqualTo("other_image_proxy"));
        Assert.That(Judge('c', "Mozilla/5.0 (compatible; Barracuda Sentinel)", "64.235.1.1"), Is.EqualTo(new MachineVerdict(true, "security_scanner", new("scanner", "Barracuda"))));
        Assert.That(Judge('c', null, "192.0.2.1").Reason, Is.EqualTo("security_scanner"));
        Assert.That(Judge('c', Chrome, "192.0.2.1", secondsAfter: 2), Is.EqualTo(new MachineVerdict(true, "prefetch", new("browser", "Chrome"))));
    }

    [Test]
    public void PeopleAreNotMachinesAndTheirClientIsNamed()
    {
        Assert.That(Judge('c', Chrome, "192.0.2.1"), Is.EqualTo(new MachineVerdict(false, null, new("browser", "Chrome"))));
        Assert.That(Judge('o', "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0", "192.0.2.1").Client, Is.EqualTo(new EventContract.ClientDetail("mail_client", "Thunderbird")));
        Assert.That(Judge('o', "Mozilla/5.0", "192.0.2.1"), Is.EqualTo(new MachineVerdict(false, null, new("unknown", null))), "a bare UA away from Apple's network");
        Assert.That(Judge('o', Chrome, "192.0.2.1", secondsAfter: 1).Machine, Is.False, "only clicks count as prefetch");
    }
}
