using System.Security.Cryptography.X509Certificates;
using static SendGateway.IntegrationTests.Delivery.Dane.DaneCertificates;

namespace SendGateway.IntegrationTests.Delivery.Dane;

/// <summary>
/// TLSA matching (RFC 7672 §3.1) on certificates a live TLS server presented: DANE-EE matches the leaf alone whatever
/// its name, dates or issuer; DANE-TA needs the anchor among the presented certificates, a chain from the leaf to it,
/// the MX name and valid dates; usages 0 and 1 never match; wrong data never matches.
/// </summary>
[TestFixture]
public sealed class DaneMatcherTests
{
    private const string Mx = "mx1.dane-match.test";
    private DaneCertificates _ca = null!;
    private X509Certificate2 _leaf = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _ca = new DaneCertificates();
        _leaf = _ca.Leaf(Mx);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _leaf.Dispose();
        _ca.Dispose();
    }

    [TestCase((byte)1, (byte)1, TestName = "DaneEe_3_1_1_SpkiSha256")]
    [TestCase((byte)0, (byte)1, TestName = "DaneEe_3_0_1_CertificateSha256")]
    [TestCase((byte)1, (byte)2, TestName = "DaneEe_3_1_2_SpkiSha512")]
    [TestCase((byte)0, (byte)0, TestName = "DaneEe_3_0_0_WholeCertificate")]
    public async Task DaneEeMatchesTheLeafWithNoNameDateOrChainCheck(byte selector, byte matchingType)
    {
        // Self-signed, expired and named for another host: DANE-EE looks at nothing but the leaf's bytes (§3.1.1).
        using var odd = SelfSigned("elsewhere.test", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(3, selector, matchingType, odd)], Mx, odd), Is.True);
    }

    [Test]
    public async Task WrongDataDoesNotMatch()
    {
        using var other = SelfSigned(Mx);
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(3, 1, 1, other), Tlsa(2, 0, 1, other)], Mx, _leaf, _ca.Intermediate), Is.False);
    }

    [Test]
    public async Task AnyOneMatchingRecordSuffices()
    {
        using var other = SelfSigned(Mx);
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(3, 1, 1, other), Tlsa(3, 1, 1, _leaf)], Mx, _leaf, _ca.Intermediate), Is.True);
    }

    [Test]
    public async Task UsagesZeroAndOneAreIgnoredEvenWhenTheirDataMatches()
    {
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(1, 1, 1, _leaf), Tlsa(0, 0, 1, _ca.Intermediate), Tlsa(3, 1, 7, _leaf)], Mx, _leaf, _ca.Intermediate), Is.False);
    }

    [TestCase((byte)0, TestName = "DaneTa_2_0_1_Intermediate")]
    [TestCase((byte)1, TestName = "DaneTa_2_1_1_Intermediate")]
    public async Task DaneTaMatchesAPresentedIntermediate(byte selector)
    {
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, selector, 1, _ca.Intermediate)], Mx, _leaf, _ca.Intermediate, _ca.Root), Is.True);
    }

    [Test]
    public async Task DaneTaOfARootTheServerLeavesOutDoesNotMatch()
    {
        // Given the root too, .NET's server still sends only leaf and intermediate (a self-signed root is left out):
        // the anchor was not presented (RFC 7672 §3.1.2 asks servers to send it), so nothing can be checked against it.
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, 0, 1, _ca.Root)], Mx, _leaf, _ca.Intermediate, _ca.Root), Is.False);
    }

    [Test]
    public async Task DaneTaChecksTheSignatures()
    {
        using var forged = _ca.ForgedLeaf(Mx);
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, 0, 1, _ca.Intermediate)], Mx, forged, _ca.Intermediate), Is.False);
    }

    [Test]
    public async Task DaneTaNeedsTheAnchorAmongThePresentedCertificates()
    {
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, 0, 1, _ca.Intermediate)], Mx, _leaf), Is.False, "the server sent only its leaf");
    }

    [Test]
    public async Task DaneTaChecksTheMxName()
    {
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, 0, 1, _ca.Intermediate)], "mx2.dane-match.test", _leaf, _ca.Intermediate), Is.False);
    }

    [Test]
    public async Task DaneTaChecksTheLeafsDates()
    {
        using var expired = _ca.Leaf(Mx, notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        Assert.That(await PresentedChain.MatchesAsync([Tlsa(2, 0, 1, _ca.Intermediate)], Mx, expired, _ca.Intermediate), Is.False);
    }
}
