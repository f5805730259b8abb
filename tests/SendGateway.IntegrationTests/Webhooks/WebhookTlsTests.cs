using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T55: an https receiver on 127.0.0.1 with a throwaway certificate. A self-signed, an expired and a
/// wrong-host certificate are refused on every attempt (<c>tls_failed</c>, retried on schedule, no request sent, no
/// fallback to http); a certificate from the CA the service trusts (<c>Webhooks:TrustedCaFile</c>) is accepted. A
/// TLS 1.0-only endpoint (<c>openssl s_server -tls1</c>, a certificate of the trusted CA) is refused too: the dispatcher
/// offers TLS 1.2 and 1.3 only, so the server ends each handshake at the client's hello.
/// </summary>
[TestFixture]
public sealed class WebhookTlsTests() : WebhookFaultFixture(
    new Dictionary<string, string?> { ["SendGateway:Webhooks:TrustedCaFile"] = CaFile },
    "hook-tls.test")
{
#pragma warning disable NUnit1032 // Disposed in DisposeMoreAsync, the fixture's one-time tear-down.
    private static readonly X509Certificate2 Ca = NewCa();
#pragma warning restore NUnit1032
    private static readonly string CaFile = WriteCaFile();

    protected override ValueTask DisposeMoreAsync()
    {
        File.Delete(CaFile);
        Ca.Dispose();
        return ValueTask.CompletedTask;
    }

    [TestCase("self-signed")]
    [TestCase("expired")]
    [TestCase("wrong-host")]
    public async Task ABadCertificateIsRefusedOnEveryAttemptAndNothingIsSent(string kind)
    {
        using var certificate = kind switch
        {
            "self-signed" => SelfSigned(),
            "expired" => FromTestCa(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1), "127.0.0.1"),
            _ => FromTestCa(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), "other.test"),
        };
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(204), certificate);
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count >= 2, TimeSpan.FromSeconds(60));
        Assert.That(log, Has.Count.GreaterThanOrEqualTo(2), "retried on schedule");
        Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.All.EqualTo("tls_failed"));
        Assert.That(log[0].GetProperty("batch_state").GetString(), Is.EqualTo("pending"), "the batch is kept");
        Assert.That(server.Requests, Is.Empty, "no request crossed the refused connection");
        Assert.That(server.Connections, Is.GreaterThanOrEqualTo(2), "each attempt connected and broke off at the certificate");
        await Tenant.Client.DeleteAsync($"/v1/webhooks/{hook}");
    }

    [Test]
    public async Task ACertificateFromTheTrustedCaIsAccepted()
    {
        using var certificate = FromTestCa(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), "127.0.0.1");
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(204), certificate);
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();
        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log, Has.Count.EqualTo(1), string.Join(", ", log));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ATls10OnlyEndpointIsRefusedAtTheHelloOnEveryAttemptWithNoFallback()
    {
        using var certificate = FromTestCa(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), "127.0.0.1");
        var certFile = Path.GetTempFileName();
        var keyFile = Path.GetTempFileName();
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        try
        {
            var port = ProcessRunner.FreePort();
            // Interactive s_server (stdin held open): it prints whatever a client sends after a handshake, so a request would show.
            var start = new ProcessStartInfo("openssl", ["s_server", "-accept", $"127.0.0.1:{port}", "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0", "-cert", certFile, "-key", keyFile])
            {
                RedirectStandardInput = true,
            };
            await using var server = CapturedProcess.Start(start);
            var ready = await Polling.UntilAsync(() => Task.FromResult(server.Output), o => o.Contains("ACCEPT", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            Assert.That(ready, Does.Contain("ACCEPT"), "openssl s_server listens with TLS 1.0 only");

            var (hook, _) = await CreateHookAsync($"https://127.0.0.1:{port}/hook");
            await SendOkAsync();
            var log = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count >= 2, TimeSpan.FromSeconds(60));
            Assert.That(log, Has.Count.GreaterThanOrEqualTo(2), "retried on schedule");
            Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.All.EqualTo("tls_failed"));
            Assert.That(log[0].GetProperty("batch_state").GetString(), Is.EqualTo("pending"), "the batch is kept");
            var output = server.Output;
            Assert.That(output.Split("unsupported protocol").Length - 1, Is.GreaterThanOrEqualTo(2), $"each hello offered no TLS 1.0: {output}");
            Assert.That(output, Does.Not.Contain("POST"), "no request crossed");
            await Tenant.Client.DeleteAsync($"/v1/webhooks/{hook}");
        }
        finally
        {
            File.Delete(certFile);
            File.Delete(keyFile);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = Request("CN=127.0.0.1", key, "127.0.0.1");
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        return Exportable(certificate);
    }

    private static X509Certificate2 FromTestCa(DateTimeOffset notBefore, DateTimeOffset notAfter, string host)
    {
        using var key = RSA.Create(2048);
        var request = Request($"CN={host}", key, host);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        using var signed = request.Create(Ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        return Exportable(withKey);
    }

    /// <summary>A throwaway CA (valid from 30 days ago, so an expired leaf can be signed) whose certificate the service trusts.</summary>
    private static X509Certificate2 NewCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SendGateway webhook test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static string WriteCaFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sendgateway-webhook-ca-{Guid.NewGuid():N}.crt");
        File.WriteAllText(path, Ca.ExportCertificatePem());
        return path;
    }

    private static CertificateRequest Request(string subject, RSA key, string host)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    /// <summary>SslStream on Linux needs the key in a PKCS#12-loaded certificate, not an ephemeral one.</summary>
    private static X509Certificate2 Exportable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
}
