using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// The delivery side of transport security (reliability.md T72, T73): a <c>require_tls</c> message goes only over TLS
/// with a certificate that chains to a trusted root (here a test CA trusted through <c>Delivery:Tls:TrustedCaFile</c>)
/// and names the MX host, never in plain text; opportunistic TLS stays as it was; a connection opened without verified
/// TLS is never reused for a message that needs it. Each MX listens on its own 127.0.0.x address, found through MX records,
/// and counts the sessions that reached MAIL in plain text.
/// </summary>
[TestFixture]
public sealed class TransportSecurityTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-mx-tls-").FullName;
    private readonly Dictionary<string, (SmtpServer Server, Recorder Recorder)> _mx = [];
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    private sealed class Recorder
    {
        private int _sessions;

        /// <summary>Sessions refused at STARTTLS (454) before the others accept it.</summary>
        public int RefuseStartTlsInFirst { get; init; }

        private int _plainMailCommands;

        public List<(bool Secure, string Recipient)> Messages { get; } = [];

        /// <summary>MAIL commands in sessions without TLS.</summary>
        public int PlainMailCommands => Volatile.Read(ref _plainMailCommands);

        public ISmtpSessionHandler NewSession() => new Handler(this, Interlocked.Increment(ref _sessions));

        private sealed class Handler(Recorder recorder, int session) : ISmtpSessionHandler
        {
            public ValueTask<SmtpReply?> OnCommandAsync(SmtpSessionContext context, SmtpCommand command, CancellationToken cancellationToken) =>
                ValueTask.FromResult(command.Verb == SmtpVerb.StartTls && session <= recorder.RefuseStartTlsInFirst ? new SmtpReply(454, "4.7.0", "TLS not available") : null);

            public ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext context, SmtpPath from, CancellationToken cancellationToken)
            {
                if (!context.IsSecure)
                {
                    Interlocked.Increment(ref recorder._plainMailCommands);
                }

                return ValueTask.FromResult(SmtpReplies.SenderOk);
            }

            public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext context, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
            {
                lock (recorder.Messages)
                {
                    recorder.Messages.Add((context.IsSecure, context.Transaction!.Recipients[0].Address));
                }

                return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
            }
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=SendGateway MX test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var caFile = Path.Combine(_dir, "ca.crt");
        await File.WriteAllTextAsync(caFile, ca.ExportCertificatePem());

        // One port for every MX (Delivery:MxPort), one address each.
        var port = Start("valid-tls.test", "127.0.0.51", 0, Leaf(ca, "mx.valid-tls.test"));
        Start("wrong-name-tls.test", "127.0.0.52", port, Leaf(ca, "mx.somewhere-else.test"));
        Start("self-signed-tls.test", "127.0.0.53", port, Leaf(null, "mx.self-signed-tls.test"));
        Start("no-starttls.test", "127.0.0.54", port, null);
        Start("reuse-tls.test", "127.0.0.55", port, Leaf(ca, "mx.reuse-tls.test"), refuseStartTlsInFirst: 1);
        Start("plain-only-tls.test", "127.0.0.56", port, null);

        _factory = new SendGatewayFactory(settings: new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SendGateway:Delivery:Tls:TrustedCaFile"] = caFile,
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "tls-policy-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        foreach (var (server, _) in _mx.Values)
        {
            await server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task RequireTlsToAWrongNameCertificateIsNeverSentAndSoftbouncesWithReasonRequireTls()
    {
        var message = await SendAsync("ann@wrong-name-tls.test", requireTls: true, "softbounce");

        var softbounce = message.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "softbounce");
        Assert.That(softbounce.GetProperty("reason").GetString(), Is.EqualTo("require_tls"));
        var smtp = softbounce.GetProperty("smtp");
        Assert.That(smtp.GetProperty("enhanced_code").GetString(), Is.EqualTo("4.7.5"));
        Assert.That(smtp.GetProperty("response").GetString(), Does.Contain("certificate-host-mismatch"));
        Assert.That(smtp.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("require_tls"));
        Assert.That(smtp.GetProperty("tls_detail").GetProperty("verified").GetBoolean(), Is.False);
        var (_, mx) = _mx["wrong-name-tls.test"];
        Assert.That(mx.Messages, Is.Empty, "no delivery to a certificate for another name");
        Assert.That(mx.PlainMailCommands, Is.Zero, "no plain-text session after the certificate was refused");
    }

    [Test]
    public async Task RequireTlsToAValidCertificateIsDeliveredAndTheEventSaysVerified()
    {
        var message = await SendAsync("bob@valid-tls.test", requireTls: true, "ok");

        var tls = Smtp(message).GetProperty("tls_detail");
        Assert.That(Smtp(message).GetProperty("tls").GetBoolean(), Is.True);
        Assert.That(tls.GetProperty("version").GetString(), Does.Match(@"^TLSv1\.[23]$"));
        Assert.That(tls.GetProperty("cipher").GetString(), Does.StartWith("TLS_"));
        Assert.That(tls.GetProperty("policy").GetString(), Is.EqualTo("require_tls"));
        Assert.That(tls.GetProperty("verified").GetBoolean(), Is.True);
        Assert.That(_mx["valid-tls.test"].Recorder.Messages, Does.Contain((true, "bob@valid-tls.test")));
    }

    [Test]
    public async Task RequireTlsToAServerWithoutStartTlsSoftbouncesAndSendsNothing()
    {
        var message = await SendAsync("cid@no-starttls.test", requireTls: true, "softbounce");

        var softbounce = message.GetProperty("events").EnumerateArray().First(e => e.GetProperty("type").GetString() == "softbounce");
        Assert.That(softbounce.GetProperty("reason").GetString(), Is.EqualTo("require_tls"));
        Assert.That(softbounce.GetProperty("smtp").GetProperty("response").GetString(), Does.Contain("starttls-not-supported"));
        var (_, mx) = _mx["no-starttls.test"];
        Assert.That(mx.Messages, Is.Empty);
        Assert.That(mx.PlainMailCommands, Is.Zero);
    }

    [Test]
    public async Task OpportunisticTlsTakesAnyCertificateAndPlainTextAsBefore()
    {
        var selfSigned = Smtp(await SendAsync("dan@self-signed-tls.test", requireTls: false, "ok"));
        Assert.That(selfSigned.GetProperty("tls").GetBoolean(), Is.True);
        Assert.That(selfSigned.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("opportunistic"));
        Assert.That(selfSigned.GetProperty("tls_detail").GetProperty("verified").GetBoolean(), Is.False, "opportunistic TLS verifies nothing");

        var plain = Smtp(await SendAsync("eve@plain-only-tls.test", requireTls: false, "ok"));
        Assert.That(plain.GetProperty("tls").GetBoolean(), Is.False);
        Assert.That(plain.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("none"));
        Assert.That(plain.GetProperty("tls_detail").TryGetProperty("version", out var version) ? version.ValueKind : JsonValueKind.Null, Is.EqualTo(JsonValueKind.Null), "no version in plain text");
        Assert.That(_mx["plain-only-tls.test"].Recorder.Messages, Does.Contain((false, "eve@plain-only-tls.test")));
    }

    [Test]
    public async Task AMessageNeedingVerifiedTlsNeverReusesAnIdlePlainTextConnectionToTheSameServer()
    {
        // The first session refuses STARTTLS: the opportunistic message falls back to a plain-text session, which stays idle.
        var first = Smtp(await SendAsync("fay@reuse-tls.test", requireTls: false, "ok"));
        Assert.That(first.GetProperty("tls").GetBoolean(), Is.False);

        var second = Smtp(await SendAsync("gus@reuse-tls.test", requireTls: true, "ok"));
        Assert.That(second.GetProperty("tls").GetBoolean(), Is.True);
        Assert.That(second.GetProperty("tls_detail").GetProperty("verified").GetBoolean(), Is.True);
        var (_, mx) = _mx["reuse-tls.test"];
        Assert.That(mx.Messages, Is.EqualTo(new[] { (false, "fay@reuse-tls.test"), (true, "gus@reuse-tls.test") }));
    }

    private async Task<JsonElement> SendAsync(string to, bool requireTls, string status)
    {
        var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@tls-policy-sender.test" }, to = new[] { new { email = to } }, subject = "s", text = "t", require_tls = requireTls,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted).Or.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        return await _tenant.WaitForStatusAsync(id, status, seconds: 60);
    }

    private static JsonElement Smtp(JsonElement message) => message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp");

    private int Start(string domain, string address, int port, X509Certificate2? certificate, int refuseStartTlsInFirst = 0)
    {
        var recorder = new Recorder { RefuseStartTlsInFirst = refuseStartTlsInFirst };
        var server = SmtpServer.Start(new IPEndPoint(IPAddress.Parse(address), port), recorder.NewSession,
            new SmtpSessionOptions { Certificate = certificate, HostName = $"mx.{domain}" });
        _mx[domain] = (server, recorder);
        TestEnvironment.Dns.AddMx(domain, 10, $"mx.{domain}");
        TestEnvironment.Dns.AddA($"mx.{domain}", address);
        return server.EndPoint.Port;
    }

    /// <summary>A server certificate for <paramref name="name"/>, issued by <paramref name="ca"/> or self-signed when it is null.</summary>
    private static X509Certificate2 Leaf(X509Certificate2? ca, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        if (ca is null)
        {
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
            return X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pfx), null);
        }

        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
