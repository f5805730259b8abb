using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Server.Delivery.TlsPolicy.Dane;

namespace SendGateway.IntegrationTests.Delivery.Dane;

/// <summary>
/// A three-certificate chain for DANE tests (root CA, intermediate CA, leaves the intermediate issues), ECDSA P-256,
/// made in memory, and the TLSA data of any certificate computed as RFC 6698 §2.1 says (the same bytes
/// <c>ldns-dane create</c> and openssl's DANE verifier use).
/// </summary>
internal sealed class DaneCertificates : IDisposable
{
    public DaneCertificates()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = CaRequest("CN=DANE test root", rootKey);
        Root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(60));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = CaRequest("CN=DANE test intermediate", intermediateKey);
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        using var intermediate = intermediateRequest.Create(Root, DateTimeOffset.UtcNow.AddDays(-50), DateTimeOffset.UtcNow.AddDays(50), RandomNumberGenerator.GetBytes(16));
        Intermediate = Reload(intermediate.CopyWithPrivateKey(intermediateKey));
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>A server certificate for <paramref name="dnsName"/> issued by the intermediate, with its private key.</summary>
    public X509Certificate2 Leaf(string dnsName, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(7);
        using var leaf = request.Create(Intermediate, end.AddDays(-10), end, RandomNumberGenerator.GetBytes(16));
        return Reload(leaf.CopyWithPrivateKey(key));
    }

    /// <summary>
    /// A leaf for <paramref name="dnsName"/> that names the intermediate as its issuer (same subject, same key id) but is
    /// signed by another key: only a signature check tells it apart.
    /// </summary>
    public X509Certificate2 ForgedLeaf(string dnsName)
    {
        using var forgerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        using var forged = request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(forgerKey),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        return Reload(forged.CopyWithPrivateKey(key));
    }

    /// <summary>A self-signed certificate for <paramref name="dnsName"/> with its private key (no CA at all: DANE-EE still matches it).</summary>
    public static X509Certificate2 SelfSigned(string dnsName, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(7);
        using var certificate = request.CreateSelfSigned(end.AddDays(-10), end);
        return Reload(certificate);
    }

    /// <summary>The TLSA record of <paramref name="certificate"/> for these usage, selector and matching type.</summary>
    public static TlsaAssociation Tlsa(byte usage, byte selector, byte matchingType, X509Certificate2 certificate)
    {
        var selected = selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var data = matchingType switch { 1 => SHA256.HashData(selected), 2 => SHA512.HashData(selected), _ => selected };
        return new TlsaAssociation(usage, selector, matchingType, data);
    }

    /// <summary>A TLSA record in zone-file form (<c>3 1 1 ab12…</c>).</summary>
    public static string ZoneData(TlsaAssociation record) => $"{record.Usage} {record.Selector} {record.MatchingType} {Convert.ToHexString(record.Data).ToLowerInvariant()}";

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>Through PKCS#12, so the private key is one SslStream can use as a server's.</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }
    }
}
