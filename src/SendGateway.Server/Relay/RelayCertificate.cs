using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Relay;

/// <summary>The relay's TLS certificate: the configured PFX, or a self-signed one made once at start (api.md §3).</summary>
internal sealed class RelayCertificate(IOptions<RelayOptions> options)
{
    private readonly Lazy<X509Certificate2> _certificate = new(() => Load(options.Value));

    public X509Certificate2 Certificate => _certificate.Value;

    private static X509Certificate2 Load(RelayOptions relay)
    {
        if (relay.CertificatePath is { Length: > 0 } path)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, relay.CertificatePassword);
        }

        using var key = RSA.Create(2048);
        var name = relay.HostName ?? System.Net.Dns.GetHostName();
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null);
    }
}
