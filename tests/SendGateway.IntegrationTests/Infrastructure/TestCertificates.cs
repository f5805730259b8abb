using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway CA and, signed by it, a server certificate for 127.0.0.1 and localhost and a client certificate, written
/// under a temporary folder as PEM files (CA, server certificate and key) and a PKCS#12 file (client), as a store's
/// operator would hand them out.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-tls-").FullName;

    public TestCertificates(string name)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name} test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Write("ca.crt", ca.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        using var server = Leaf(ca, "CN=127.0.0.1", serverKey, "1.3.6.1.5.5.7.3.1", withNames: true);
        ServerCertificateFile = Write("server.crt", server.ExportCertificatePem());
        ServerKeyFile = Write("server.key", serverKey.ExportPkcs8PrivateKeyPem());

        using var clientKey = RSA.Create(2048);
        using var clientPublic = Leaf(ca, "CN=sendgateway", clientKey, "1.3.6.1.5.5.7.3.2", withNames: false);
        using var client = clientPublic.CopyWithPrivateKey(clientKey);
        ClientPfxFile = Path.Combine(_dir, "client.pfx");
        File.WriteAllBytes(ClientPfxFile, client.Export(X509ContentType.Pkcs12));
    }

    public string CaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>Client certificate and key, PKCS#12 without a password.</summary>
    public string ClientPfxFile { get; }

    private static X509Certificate2 Leaf(X509Certificate2 ca, string subject, RSA key, string usage, bool withNames)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (withNames)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        return request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, pem);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
