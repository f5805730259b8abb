using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The HTTPS policy host of MTA-STS test domains (<c>mta-sts.&lt;domain&gt;</c>) on one loopback address: a real TLS
/// server that picks each domain's certificate by SNI (issued by its own test CA, written to <see cref="CaFile"/>, for
/// <c>mta-sts.&lt;domain&gt;</c> unless a test gives a domain a wrong-name one) and answers GET
/// <c>/.well-known/mta-sts.txt</c> with the domain's <see cref="PolicyAnswer"/>. Counts the requests per domain, and
/// the handshakes, which a refused certificate ends before any request. Also serves the domain's TXT and A records
/// from the test DNS server.
/// </summary>
public sealed class MtaStsPolicyHost : IAsyncDisposable
{
    private const int MaxRequestHead = 8192;
    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-mta-sts-").FullName;
    private readonly X509Certificate2 _ca;
    private readonly ConcurrentDictionary<string, X509Certificate2> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PolicyAnswer> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly LoopbackListener _listener;
    private readonly string _address;

    public MtaStsPolicyHost(string address)
    {
        _address = address;
        using var caKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=SendGateway MTA-STS test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(_dir, "ca.crt");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
        _listener = new LoopbackListener(ServeAsync, new IPEndPoint(IPAddress.Parse(address), 0));
    }

    public string CaFile { get; }

    public int Port => _listener.Port;

    /// <summary>TLS connections accepted (a refused certificate ends one before its request).</summary>
    public int Connections => _listener.Connections;

    public int RequestsFor(string domain) => _requests.GetValueOrDefault(domain);

    /// <summary>Publishes <paramref name="domain"/>'s policy: the TXT id in DNS, the host's address, the answer and a certificate.</summary>
    public void Publish(string domain, string txtId, PolicyAnswer answer, string? certificateName = null)
    {
        TestEnvironment.Dns.RemoveTxt($"_mta-sts.{domain}");
        TestEnvironment.Dns.AddTxt($"_mta-sts.{domain}", $"v=STSv1; id={txtId};");
        TestEnvironment.Dns.SetA($"mta-sts.{domain}", _address);
        _answers[domain] = answer;
        _certificates[$"mta-sts.{domain}"] = Issue(certificateName ?? $"mta-sts.{domain}");
    }

    /// <summary>A new TXT id (a changed policy announced).</summary>
    public static void Announce(string domain, string txtId)
    {
        TestEnvironment.Dns.RemoveTxt($"_mta-sts.{domain}");
        TestEnvironment.Dns.AddTxt($"_mta-sts.{domain}", $"v=STSv1; id={txtId};");
    }

    public void Answer(string domain, PolicyAnswer answer) => _answers[domain] = answer;

    /// <summary>A server certificate of this host's CA for <paramref name="dnsName"/> (an MX's, for delivery tests).</summary>
    public X509Certificate2 Issue(string dnsName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        using var leaf = request.Create(_ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = leaf.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private async Task ServeAsync(Socket socket, int connection, CancellationToken token)
    {
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var tls = new SslStream(network, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateSelectionCallback = (_, name) => name is not null && _certificates.TryGetValue(name, out var c) ? c : _certificates.Values.First(),
            }, token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return; // the client refused the certificate
        }

        var head = await ReadHeadAsync(tls, token);
        var host = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))?[5..].Trim().Split(':')[0] ?? string.Empty;
        var domain = host.StartsWith("mta-sts.", StringComparison.OrdinalIgnoreCase) ? host["mta-sts.".Length..] : host;
        _requests.AddOrUpdate(domain, 1, (_, n) => n + 1);
        var answer = head.StartsWith("GET /.well-known/mta-sts.txt ", StringComparison.Ordinal) && _answers.TryGetValue(domain, out var a)
            ? a : new PolicyAnswer(404, "text/plain", "not found");
        var body = Encoding.UTF8.GetBytes(answer.Body);
        var response = $"HTTP/1.1 {answer.Status} X\r\nContent-Type: {answer.ContentType}\r\nContent-Length: {body.Length}\r\n{answer.ExtraHeaders}Connection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(response), token);
        await tls.WriteAsync(body, token);
        await tls.FlushAsync(token);
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken token)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), token);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (Encoding.ASCII.GetString(buffer, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, length);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        foreach (var certificate in _certificates.Values)
        {
            certificate.Dispose();
        }

        _ca.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
