using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Delivery.TlsPolicy.Dane;
using static SendGateway.IntegrationTests.Delivery.Dane.DaneCertificates;

namespace SendGateway.IntegrationTests.Delivery.Dane;

/// <summary>
/// TLSA lookups through a real validating resolver (nsd serving signed zones, unbound validating them): signed records
/// count, an authenticated denial and an unsigned zone mean no DANE, a bogus answer or a silent resolver fails the
/// lookup (never "no DANE").
/// </summary>
[TestFixture]
public sealed class DaneLookupTests
{
    private static readonly TlsaAssociation Matching = Tlsa(3, 1, 1, SelfSigned("mx1.dane-lookup.test"));
    private static readonly TlsaAssociation TrustAnchor = new(2, 0, 1, Convert.FromHexString("8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d"));
    private static readonly TlsaAssociation PkixEe = new(1, 1, 1, Matching.Data);

    private DnssecResolver _dns = null!;
    private DnssecDaneLookup _lookup = null!;

    [OneTimeSetUp]
    public async Task StartResolver()
    {
        _dns = await DnssecResolver.StartAsync([
            new DnssecZone("dane-lookup.test", [
                "mx1 IN A 127.0.0.171", $"_25._tcp.mx1 IN TLSA {ZoneData(Matching)}", $"_25._tcp.mx1 IN TLSA {ZoneData(TrustAnchor)}",
                "mx2 IN A 127.0.0.172", $"_25._tcp.mx2 IN TLSA {ZoneData(PkixEe)}",
                "mx3 IN A 127.0.0.173"]),
            new DnssecZone("dane-bogus.test", ["mx1 IN A 127.0.0.171", $"_25._tcp.mx1 IN TLSA {ZoneData(Matching)}"], Bogus: true),
            new DnssecZone("dane-unsigned.test", ["mx1 IN A 127.0.0.171", $"_25._tcp.mx1 IN TLSA {ZoneData(Matching)}"], Insecure: true),
        ], CancellationToken.None);
        _lookup = Lookup(_dns.EndPoint.ToString());
    }

    [OneTimeTearDown]
    public async Task StopResolver()
    {
        _lookup.Dispose();
        await _dns.DisposeAsync();
    }

    [Test]
    public async Task SignedRecordsAreUsableAndReturnedAsPublished()
    {
        var found = await _lookup.LookupAsync("mx1.dane-lookup.test", 25, CancellationToken.None);
        Assert.That(found.Status, Is.EqualTo(TlsaLookupStatus.Usable), found.Detail + _dns.Log);
        Assert.That(found.Records.Select(r => r.ToString()), Is.EquivalentTo(new[] { Matching.ToString(), TrustAnchor.ToString() }));
    }

    [Test]
    public async Task SignedRecordsOfUnusableUsagesOnlyAreUnusable()
    {
        var found = await _lookup.LookupAsync("mx2.dane-lookup.test.", 25, CancellationToken.None);
        Assert.That(found.Status, Is.EqualTo(TlsaLookupStatus.Unusable), found.Detail);
        Assert.That(found.Records.Single().ToString(), Is.EqualTo(PkixEe.ToString()));
    }

    [TestCase("mx3.dane-lookup.test", 25, TestName = "AHostWithoutTlsaHasNoDane")]
    [TestCase("mx1.dane-lookup.test", 587, TestName = "AnotherPortWithoutTlsaHasNoDane")]
    [TestCase("absent.dane-lookup.test", 25, TestName = "AnAbsentNameHasNoDane")]
    public async Task AnAuthenticatedDenialIsNoDane(string host, int port)
    {
        var found = await _lookup.LookupAsync(host, port, CancellationToken.None);
        Assert.That((found.Status, found.Records.Count), Is.EqualTo((TlsaLookupStatus.None, 0)), found.Detail);
    }

    [Test]
    public async Task RecordsOfAnUnsignedZoneAreNoDane()
    {
        var found = await _lookup.LookupAsync("mx1.dane-unsigned.test", 25, CancellationToken.None);
        Assert.That((found.Status, found.Records.Count), Is.EqualTo((TlsaLookupStatus.None, 0)), found.Detail);
    }

    [Test]
    public async Task ABogusAnswerFailsTheLookup()
    {
        var found = await _lookup.LookupAsync("mx1.dane-bogus.test", 25, CancellationToken.None);
        Assert.That(found.Status, Is.EqualTo(TlsaLookupStatus.Failed));
        Assert.That(found.Detail, Does.Contain("ServerFailure"));
    }

    [Test]
    public async Task ASilentResolverFailsTheLookup()
    {
        using var silent = Lookup($"{DnssecResolver.ResolverAddress}:{ProcessRunner.FreePort(DnssecResolver.ResolverAddress)}");
        var found = await silent.LookupAsync("mx1.dane-lookup.test", 25, CancellationToken.None);
        Assert.That(found.Status, Is.EqualTo(TlsaLookupStatus.Failed));
        Assert.That(found.Detail, Is.Not.Empty);
    }

    private static DnssecDaneLookup Lookup(string resolver) =>
        new(Options.Create(new DaneOptions { ValidatingResolvers = [resolver], Timeout = TimeSpan.FromMilliseconds(500) }), NullLogger<DnssecDaneLookup>.Instance);
}
