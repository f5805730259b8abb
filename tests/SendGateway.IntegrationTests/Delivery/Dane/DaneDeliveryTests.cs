using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;
using static SendGateway.IntegrationTests.Delivery.Dane.DaneCertificates;

namespace SendGateway.IntegrationTests.Delivery.Dane;

/// <summary>
/// DANE end to end (RFC 7672): the delivery role asks the validating resolver (unbound over nsd's signed zones) for the
/// MX hosts' TLSA records and delivers over TLS matched to them, or not at all: a matching record delivers with
/// <c>tls_detail</c> policy <c>dane</c>, verified; records that match nothing, and a bogus answer, defer with reason
/// <c>dane</c> and never a plain-text session; an unsigned zone's records are ignored (opportunistic TLS as before).
/// MX lookups go through the ordinary test DNS, which names the same hosts.
/// </summary>
[TestFixture]
public sealed class DaneDeliveryTests
{
    private const string Zone = "dane-e2e.test", Bogus = "dane-e2e-bogus.test", Unsigned = "dane-e2e-unsigned.test";
    private static readonly (string Domain, string Host, string Address)[] Hosts =
    [
        ($"good.{Zone}", $"mx1.{Zone}", "127.0.0.171"),
        ($"wrong.{Zone}", $"mx2.{Zone}", "127.0.0.172"),
        (Bogus, $"mx1.{Bogus}", "127.0.0.173"),
        (Unsigned, $"mx1.{Unsigned}", "127.0.0.174"),
    ];

    private readonly List<X509Certificate2> _certificates = [];
    private readonly Dictionary<string, Collector> _received = [];
    private readonly List<SmtpServer> _servers = [];
    private DnssecResolver _dns = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    private sealed class Collector : ISmtpSessionHandler
    {
        public ConcurrentBag<bool> MailSessionsSecure { get; } = [];

        public ConcurrentBag<string> Delivered { get; } = [];

        public ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext session, SmtpPath from, CancellationToken cancellationToken)
        {
            MailSessionsSecure.Add(session.IsSecure);
            return ValueTask.FromResult(SmtpReplies.SenderOk);
        }

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Delivered.Add(session.Transaction!.Recipients[0].Address);
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        foreach (var (domain, host, address) in Hosts)
        {
            var certificate = SelfSigned(host);
            _certificates.Add(certificate);
            _received[domain] = new Collector();
            var collector = _received[domain];
            _servers.Add(SmtpServer.Start(new IPEndPoint(IPAddress.Parse(address), 25), () => collector, new SmtpSessionOptions { Certificate = certificate, HostName = host }));
            TestEnvironment.Dns.AddMx(domain, 10, host);
            TestEnvironment.Dns.AddA(host, address);
        }

        using var unrelated = SelfSigned($"mx2.{Zone}");
        _dns = await DnssecResolver.StartAsync([
            new DnssecZone(Zone, [
                "mx1 IN A 127.0.0.171", $"_25._tcp.mx1 IN TLSA {ZoneData(Tlsa(3, 1, 1, _certificates[0]))}",
                "mx2 IN A 127.0.0.172", $"_25._tcp.mx2 IN TLSA {ZoneData(Tlsa(3, 1, 1, unrelated))}"]),
            new DnssecZone(Bogus, ["mx1 IN A 127.0.0.173", $"_25._tcp.mx1 IN TLSA {ZoneData(Tlsa(3, 1, 1, _certificates[2]))}"], Bogus: true),
            new DnssecZone(Unsigned, ["mx1 IN A 127.0.0.174", $"_25._tcp.mx1 IN TLSA {ZoneData(Tlsa(3, 1, 1, unrelated))}"], Insecure: true),
        ], CancellationToken.None);
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MxPort"] = "25",
            ["SendGateway:Delivery:Tls:Dane:ValidatingResolvers:0"] = _dns.EndPoint.ToString(),
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "dane-sender.test");
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

        await _dns.DisposeAsync();
        _certificates.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task AMatchingTlsaRecordDeliversOverVerifiedTls()
    {
        var message = await SendAsync($"good.{Zone}", "ok");
        var smtp = message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp");
        Assert.That(smtp.GetProperty("tls").GetBoolean(), Is.True);
        Assert.That(smtp.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("dane"), smtp.ToString());
        Assert.That(smtp.GetProperty("tls_detail").GetProperty("verified").GetBoolean(), Is.True, smtp.ToString());
        Assert.That(_received[$"good.{Zone}"].MailSessionsSecure, Is.All.True);
    }

    [TestCase("wrong", TestName = "TlsaRecordsThatMatchNothingDeferWithReasonDane")]
    [TestCase("bogus", TestName = "ABogusTlsaAnswerDefersWithReasonDane")]
    public async Task NoMatchingTlsaNoDelivery(string which)
    {
        var domain = which == "wrong" ? $"wrong.{Zone}" : Bogus;
        var message = await SendAsync(domain, "softbounce");
        var softbounce = message.GetProperty("events").EnumerateArray().Last(e => e.GetProperty("type").GetString() == "softbounce");
        // The reason is a value of its own (the event's reason or a field of its bounce), not the "dane" in an MX name.
        var reasons = new[] { softbounce.GetProperty("reason") }
            .Concat(softbounce.GetProperty("bounce") is { ValueKind: JsonValueKind.Object } bounce ? bounce.EnumerateObject().Select(p => p.Value) : [])
            .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString());
        Assert.That(reasons, Does.Contain("dane"), softbounce.ToString());
        Assert.That(_received[domain].Delivered, Is.Empty, "no delivery");
        Assert.That(_received[domain].MailSessionsSecure.Where(secure => !secure), Is.Empty, "no plain-text session: DANE never falls back");
    }

    [Test]
    public async Task TlsaRecordsOfAnUnsignedZoneAreIgnored()
    {
        var message = await SendAsync(Unsigned, "ok");
        var smtp = message.GetProperty("events").EnumerateArray().Last().GetProperty("smtp");
        Assert.That(smtp.GetProperty("tls_detail").GetProperty("policy").GetString(), Is.EqualTo("opportunistic"), smtp.ToString());
        Assert.That(_received[Unsigned].Delivered, Is.Not.Empty);
    }

    private async Task<JsonElement> SendAsync(string domain, string status)
    {
        var response = await _tenant.SendAsync(new { from = new { email = "a@dane-sender.test" }, to = new[] { new { email = $"ann@{domain}" } }, subject = "s", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        return await _tenant.WaitForStatusAsync(id, status, seconds: 60);
    }
}
