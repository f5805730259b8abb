using System.Collections.Concurrent;
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
/// Outbound TLS (issue 4, item 9; reliability.md T72): STARTTLS when the MX offers it, recorded as <c>smtp.tls</c>; a
/// failed handshake falls back to plain text (no policy requires TLS), recorded as <c>tls: false</c>.
/// </summary>
[TestFixture]
public sealed class OutboundTlsTests
{
    private sealed class Collector : ISmtpSessionHandler
    {
        public ConcurrentBag<(bool Secure, string Recipient)> Messages { get; } = [];

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Messages.Add((session.IsSecure, session.Transaction!.Recipients[0].Address));
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    private static X509Certificate2 Certificate(bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=mx.tls.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var full = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return withPrivateKey
            ? X509CertificateLoader.LoadPkcs12(full.Export(X509ContentType.Pfx), null)
            : X509CertificateLoader.LoadCertificate(full.Export(X509ContentType.Cert)); // offers STARTTLS, cannot complete it
    }

    [Test]
    public async Task TlsIsUsedWhenOfferedAndABrokenHandshakeFallsBackToPlainText()
    {
        var good = new Collector();
        var broken = new Collector();
        await using var goodMx = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 0), () => good, new SmtpSessionOptions { Certificate = Certificate(true), HostName = "good.tls.test" });
        await using var brokenMx = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.7"), 0), () => broken, new SmtpSessionOptions { Certificate = Certificate(false), HostName = "broken.tls.test" });
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Routes:good-tls.test"] = $"127.0.0.7:{goodMx.EndPoint.Port}",
            ["SendGateway:Delivery:Routes:broken-tls.test"] = $"127.0.0.7:{brokenMx.EndPoint.Port}",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "tls-sender.test");

        async Task<JsonElement> DeliverAsync(string to)
        {
            var response = await tenant.SendAsync(new { from = new { email = "a@tls-sender.test" }, to = new[] { new { email = to } }, subject = "s", text = "t" });
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            var message = await tenant.WaitForStatusAsync(id, "ok");
            return message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp");
        }

        var secure = await DeliverAsync("ann@good-tls.test");
        Assert.That(secure.GetProperty("tls").GetBoolean(), Is.True);
        Assert.That(secure.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("opportunistic"));
        Assert.That(secure.GetProperty("tls_detail").GetProperty("verified").GetBoolean(), Is.False, "any certificate, none verified");
        Assert.That(good.Messages.Single().Secure, Is.True);

        var plain = await DeliverAsync("bob@broken-tls.test");
        Assert.That(plain.GetProperty("tls").GetBoolean(), Is.False, "delivered in plain text after the handshake failed");
        Assert.That(plain.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("none"));
        Assert.That(broken.Messages.Single(), Is.EqualTo((false, "bob@broken-tls.test")));
    }
}
