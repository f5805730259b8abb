using System.Net;
using SendGateway.Server.Delivery.Connections;

namespace SendGateway.Server.Tests;

/// <summary>reliability.md T74: which MX addresses get no connection, and what Delivery:AllowedMxNetworks lets through.</summary>
[TestFixture]
public sealed class InternalAddressesTests
{
    private static readonly IPAddress Own = IPAddress.Parse("203.0.113.7");

    [TestCase("127.0.0.1")]
    [TestCase("127.10.20.30")]
    [TestCase("0.0.0.0")]
    [TestCase("10.1.2.3")]
    [TestCase("172.16.0.1")]
    [TestCase("172.31.255.254")]
    [TestCase("192.168.1.1")]
    [TestCase("169.254.169.254")]
    [TestCase("100.64.0.1")]
    [TestCase("::1")]
    [TestCase("::")]
    [TestCase("fe80::1")]
    [TestCase("fd00::1")]
    [TestCase("::ffff:10.0.0.1")]
    [TestCase("203.0.113.7")]
    public void RefusesInternalAndOwnAddresses(string address) =>
        Assert.That(new InternalAddresses([], [Own]).Refuses(IPAddress.Parse(address)), Is.True);

    [TestCase("8.8.8.8")]
    [TestCase("172.32.0.1")]
    [TestCase("192.169.0.1")]
    [TestCase("2001:db8::1")]
    [TestCase("::ffff:8.8.8.8")]
    public void AllowsPublicAddresses(string address) =>
        Assert.That(new InternalAddresses([], [Own]).Refuses(IPAddress.Parse(address)), Is.False);

    [Test]
    public void AllowedNetworksWinOverTheInternalRanges()
    {
        var addresses = new InternalAddresses(["127.0.0.0/8", " 10.9.0.0/16 "], [IPAddress.Loopback]);
        Assert.That(addresses.Refuses(IPAddress.Parse("127.0.0.1")), Is.False, "allowed, though it is also the host's own");
        Assert.That(addresses.Refuses(IPAddress.Parse("10.9.1.1")), Is.False);
        Assert.That(addresses.Refuses(IPAddress.Parse("10.8.1.1")), Is.True);
    }
}
