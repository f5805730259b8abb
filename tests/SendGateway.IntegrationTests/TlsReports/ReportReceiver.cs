using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.TlsReports;

/// <summary>
/// An https TLS report destination on 127.0.0.1 with a certificate from a throwaway CA (whose file the service is told
/// to trust): records each request's method, path, headers and raw body bytes (the report is gzip, not text) and
/// answers 200.
/// </summary>
public sealed class ReportReceiver : IAsyncDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackListener _listener;
    private readonly ConcurrentQueue<(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)> _requests = new();

    public ReportReceiver()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=SendGateway TLS report test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        _ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(Path.GetTempPath(), $"sendgateway-tlsrpt-ca-{Guid.NewGuid():N}.crt");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        using var signed = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        _certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null); // SslStream on Linux needs a PKCS#12-loaded key
        _listener = new LoopbackListener(ServeAsync);
    }

    /// <summary>The PEM file of the CA that issued this receiver's certificate.</summary>
    public string CaFile { get; }

    public string UrlFor(string path) => $"https://127.0.0.1:{_listener.Port}/{path}";

    public IReadOnlyList<(string RequestLine, IReadOnlyDictionary<string, string> Headers, byte[] Body)> Requests => [.. _requests];

    private async Task ServeAsync(Socket socket, int connection, CancellationToken token)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var tls = new SslStream(network, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, token);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await tls.ReadAsync(one, token) != 1)
            {
                return;
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = new byte[int.Parse(headers.GetValueOrDefault("content-length", "0"), System.Globalization.CultureInfo.InvariantCulture)];
        await tls.ReadExactlyAsync(body, token);
        _requests.Enqueue((lines[0], headers, body));
        await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), token);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        _certificate.Dispose();
        _ca.Dispose();
        File.Delete(CaFile);
    }
}
