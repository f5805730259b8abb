using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// Delivery under MTA-STS (RFC 8461 §4, §5): with <c>enforce</c>, an MX whose certificate does not name it gets no
/// message and no plain-text session (softbounce <c>mta_sts</c>), and an MX the policy's patterns do not list is never
/// contacted; with <c>testing</c> the same certificate still delivers; a valid one delivers with
/// <c>smtp.tls_detail.policy</c> <c>mta_sts</c>, verified. The MX hosts are real SMTP servers on 127.0.0.37–40 whose
/// certificates come from the policy host's test CA, which delivery is told to trust.
/// </summary>
[TestFixture]
public sealed class MtaStsDeliveryTests
{
    private sealed class Mx : ISmtpSessionHandler
    {
        public ConcurrentQueue<bool> MailSecure { get; } = new();

        public ConcurrentQueue<string> Received { get; } = new();

        private int _commands;

        public int Commands => Volatile.Read(ref _commands);

        public ValueTask<SmtpReply?> OnCommandAsync(SmtpSessionContext session, SmtpCommand command, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _commands);
            return ValueTask.FromResult<SmtpReply?>(null);
        }

        public ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext session, SmtpPath from, CancellationToken cancellationToken)
        {
            MailSecure.Enqueue(session.IsSecure);
            return ValueTask.FromResult(SmtpReplies.SenderOk);
        }

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Received.Enqueue(session.Transaction!.Recipients[0].Address);
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, Mx> _mx = [];
    private readonly List<SmtpServer> _servers = [];
    private MtaStsPolicyHost _host = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    private static string Domain(string kind) => $"{kind}-{Run}.sts-mx.test";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _host = new MtaStsPolicyHost("127.0.0.36");
        (string Kind, string Address, string Mode, bool RightName)[] cases =
        [
            ("enforce-wrong", "127.0.0.37", "enforce", false), ("valid", "127.0.0.38", "enforce", true),
            ("unlisted", "127.0.0.39", "enforce", true), ("testing-wrong", "127.0.0.40", "testing", false),
        ];
        var port = 0;
        foreach (var (kind, address, mode, rightName) in cases)
        {
            var domain = Domain(kind);
            var mxHost = $"mx1.{domain}";
            TestEnvironment.Dns.AddMx(domain, 10, mxHost);
            TestEnvironment.Dns.SetA(mxHost, address);
            var listed = kind == "unlisted" ? $"mx9.{domain}" : mxHost;
            _host.Publish(domain, "v1", PolicyAnswer.Policy($"version: STSv1\nmode: {mode}\nmx: {listed}\nmax_age: 86400\n"));
            var handler = _mx[kind] = new Mx();
            var server = SmtpServer.Start(new IPEndPoint(IPAddress.Parse(address), port), () => handler, new SmtpSessionOptions
            {
                Certificate = _host.Issue(rightName ? mxHost : "mx.someone-else.test"),
                HostName = mxHost,
            });
            _servers.Add(server);
            port = server.EndPoint.Port;
        }

        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = port.ToString(),
            ["SendGateway:Delivery:Tls:MtaSts:Enabled"] = "true",
            ["SendGateway:Delivery:Tls:MtaSts:AllowPrivateNetworks"] = "true",
            ["SendGateway:Delivery:Tls:MtaSts:TrustedCaFile"] = _host.CaFile,
            ["SendGateway:Delivery:Tls:MtaSts:HttpsPort"] = _host.Port.ToString(),
            // The delivery seam's extra CA for MX certificates (test CA); named by the seam's options.
            ["SendGateway:Delivery:Tls:TrustedCaFile"] = _host.CaFile,
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "sts-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _host.DisposeAsync();
    }

    private async Task<string> SendAsync(string kind)
    {
        var response = await _tenant.SendAsync(new { from = new { email = "a@sts-sender.test" }, to = new[] { new { email = $"bob@{Domain(kind)}" } }, subject = "s", text = "t" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private static JsonElement Last(JsonElement message) => message.GetProperty("events").EnumerateArray().Last();

    [Test]
    public async Task EnforceWithACertificateNotNamingTheMxDefersWithoutAnyPlainSession()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("enforce-wrong"), "softbounce", seconds: 60);
        Assert.That(Last(message).ToString(), Does.Contain("\"mta_sts\""), message.ToString());
        Assert.That(_mx["enforce-wrong"].Received, Is.Empty, "nothing delivered");
        Assert.That(_mx["enforce-wrong"].MailSecure.Where(secure => !secure), Is.Empty, "no plain-text fallback");
    }

    [Test]
    public async Task EnforceNeverContactsAnMxThePolicyDoesNotList()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("unlisted"), "softbounce", seconds: 60);
        Assert.That(Last(message).ToString(), Does.Contain("\"mta_sts\""), message.ToString());
        Assert.That(_mx["unlisted"].Commands, Is.Zero, "never contacted");
    }

    [Test]
    public async Task TestingModeDeliversDespiteTheWrongCertificate()
    {
        await _tenant.WaitForStatusAsync(await SendAsync("testing-wrong"), "ok", seconds: 60);
        Assert.That(_mx["testing-wrong"].Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AValidCertificateDeliversRecordedAsVerifiedMtaSts()
    {
        var message = await _tenant.WaitForStatusAsync(await SendAsync("valid"), "ok", seconds: 60);
        var detail = Last(message).GetProperty("smtp").GetProperty("tls_detail");
        Assert.That(detail.GetProperty("policy").GetString(), Is.EqualTo("mta_sts"), message.ToString());
        Assert.That(detail.GetProperty("verified").GetBoolean(), Is.True);
        Assert.That(_mx["valid"].MailSecure, Is.EqualTo(new[] { true }));
    }
}
