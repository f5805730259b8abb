using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Server.Delivery.TlsPolicy.Dane;

namespace SendGateway.Server.Tests;

/// <summary>DANE-EE(3) matching (RFC 7672 §3.1.1) against a generated certificate: full certificate or public key, exact or digest.</summary>
[TestFixture]
public sealed class DaneMatcherTests
{
    private static X509Certificate2 Certificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddYears(-1)); // expired: DANE-EE does not care
    }

    [TestCase((byte)0, (byte)0)]
    [TestCase((byte)0, (byte)1)]
    [TestCase((byte)0, (byte)2)]
    [TestCase((byte)1, (byte)0)]
    [TestCase((byte)1, (byte)1)]
    [TestCase((byte)1, (byte)2)]
    public void ADaneEeRecordOfTheLeafMatchesWhateverItsNameAndDates(byte selector, byte matchingType)
    {
        using var leaf = Certificate("not-the-mx.test");
        using var other = Certificate("mx.example.test");
        var data = Data(leaf, selector, matchingType);

        Assert.That(DaneMatcher.Matches([new TlsaAssociation(3, selector, matchingType, data)], leaf, null, "mx.example.test"), Is.True);
        Assert.That(DaneMatcher.Matches([new TlsaAssociation(3, selector, matchingType, data)], other, null, "mx.example.test"), Is.False, "another key");
    }

    [Test]
    public void OnlyUsableDaneEeRecordsCount()
    {
        using var leaf = Certificate("mx.example.test");
        var digest = Data(leaf, 1, 1);

        Assert.That(DaneMatcher.Matches([new TlsaAssociation(1, 1, 1, digest)], leaf, null, "mx.example.test"), Is.False, "PKIX-EE is unusable for SMTP");
        Assert.That(DaneMatcher.Matches([new TlsaAssociation(3, 1, 9, digest)], leaf, null, "mx.example.test"), Is.False, "unknown matching type");
        Assert.That(DaneMatcher.Matches([new TlsaAssociation(3, 1, 1, new byte[32]), new TlsaAssociation(3, 1, 1, digest)], leaf, null, "mx.example.test"),
            Is.True, "any one matching record is enough");
    }

    private static byte[] Data(X509Certificate2 certificate, byte selector, byte matchingType)
    {
        var selected = selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        return matchingType switch
        {
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => selected,
        };
    }
}
