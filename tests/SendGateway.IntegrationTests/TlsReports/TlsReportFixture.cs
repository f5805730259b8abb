using System.IO.Compression;
using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.TlsReports;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.TlsReports;

/// <summary>
/// A service with TLS reports on (all roles), sending from an operator tenant's proven domain, on a clock the tests move
/// past midnight; an https report destination with a CA the service trusts; and the helpers the report tests share:
/// record sessions through the sink delivery calls, wait until Redis holds them, decode and validate a report.
/// </summary>
public abstract class TlsReportFixture
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(
        Path.Combine(TestPaths.RepositoryRoot(), "tests", "SendGateway.IntegrationTests", "TlsReports", "Fixtures", "tlsrpt.schema.json")));

    private SendGatewayFactory _setup = null!;

    protected SendGatewayFactory Factory { get; private set; } = null!;

    protected AdjustableTimeProvider Clock { get; } = new();

    protected CapturingLoggerProvider Logs { get; } = new();

    protected ReportReceiver Receiver { get; private set; } = null!;

    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    protected string SenderDomain { get; private set; } = null!;

    protected Dictionary<string, string?> Settings { get; private set; } = null!;

    /// <summary>The operator tenant that has proven <see cref="SenderDomain"/> (its API key works on <see cref="Factory"/>).</summary>
    protected TestTenant Operator { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Receiver = new ReportReceiver();
        _setup = new SendGatewayFactory("api");
        var operatorTenant = Operator = await _setup.CreateTenantAsync();
        SenderDomain = $"rpt-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(operatorTenant, SenderDomain);
        Settings = new Dictionary<string, string?>
        {
            ["SendGateway:TlsReports:Enabled"] = "true",
            ["SendGateway:TlsReports:OrganizationName"] = "SendGateway tests",
            ["SendGateway:TlsReports:ContactInfo"] = $"tls-contact@{SenderDomain}",
            ["SendGateway:TlsReports:Sender"] = $"tls-reports@{SenderDomain}",
            ["SendGateway:TlsReports:TenantId"] = operatorTenant.Id,
            ["SendGateway:TlsReports:CheckInterval"] = "00:00:00.100",
            ["SendGateway:TlsReports:RetryDelay"] = "00:00:00.500",
            ["SendGateway:TlsReports:AllowPrivateNetworks"] = "true",
            ["SendGateway:TlsReports:TrustedCaFile"] = Receiver.CaFile,
        };
        Factory = new SendGatewayFactory("api,delivery,events", Settings, _setup.RedisDatabase, _setup.PostgresDatabase, Logs, Clock);
        _ = Factory.Services; // started: its workers run from now on
        Redis = await ConnectionMultiplexer.ConnectAsync(Factory.RedisConnectionString);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Redis.DisposeAsync();
        await Factory.DisposeAsync();
        await _setup.DisposeAsync();
        Operator.Dispose();
        await Receiver.DisposeAsync();
        Logs.Dispose();
    }

    protected static string NewDomain(string what) => $"{what}-{Guid.NewGuid():N}"[..20] + ".test";

    /// <summary>Records sessions through the sink delivery calls, then waits until Redis has counted all of them.</summary>
    private protected async Task RecordAsync(string domain, IReadOnlyList<TlsSessionResult> sessions)
    {
        var sink = Factory.Services.GetRequiredService<ITlsReportSink>();
        foreach (var session in sessions)
        {
            await sink.RecordAsync(session, CancellationToken.None);
        }

        var key = TlsReportKeys.Counts(TlsReportKeys.Day(Clock.GetUtcNow()), domain);
        var counted = await Polling.UntilAsync(
            async () => (await Redis.GetDatabase().HashGetAllAsync(key)).Where(e => e.Name.ToString().EndsWith("|s", StringComparison.Ordinal) || e.Name.ToString().EndsWith("|f", StringComparison.Ordinal)).Sum(e => (long)e.Value),
            c => c >= sessions.Count, TimeSpan.FromSeconds(30));
        Assert.That(counted, Is.EqualTo(sessions.Count), "every recorded session is counted in Redis");
    }

    /// <summary>Moves the service's clock to just past the next UTC midnight: the recorded day's reports are due.</summary>
    protected void PassMidnight()
    {
        var now = Clock.GetUtcNow();
        Clock.Advance(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime + TimeSpan.FromSeconds(1));
    }

    /// <summary>What the report job settled for the domain and day (<c>sent</c>, <c>no-record</c>, …), or null.</summary>
    protected async Task<string?> ClaimStateAsync(DateOnly day, string domain) =>
        await Redis.GetDatabase().StringGetAsync(TlsReportKeys.Claim(TlsReportKeys.Day(day), domain));

    protected DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    /// <summary>The report's JSON out of its gzip, after checking it against the schema transcribed from RFC 8460 §4.4.</summary>
    protected static JsonElement DecodeAndValidate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var json = new MemoryStream();
        input.CopyTo(json);
        var report = JsonDocument.Parse(json.ToArray()).RootElement.Clone();
        var result = Schema.Evaluate(report, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.That(result.IsValid, Is.True, $"{report}\n{string.Join("\n", errors)}");
        return report;
    }

    /// <summary>Sessions of a report, over all its policies.</summary>
    protected static long Sessions(JsonElement report) => report.GetProperty("policies").EnumerateArray()
        .Sum(p => p.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64() + p.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64());

    protected static JsonElement PolicyOfType(JsonElement report, string type) =>
        report.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("policy").GetProperty("policy-type").GetString() == type);

    /// <summary>7 successes and 3 failures (two alike) under an MTA-STS policy, 2 successes with none.</summary>
    private protected static List<TlsSessionResult> Sessions(string domain)
    {
        var sts = new TlsReportPolicy(TlsReportPolicy.Sts, ["version: STSv1", "mode: enforce", "mx: *.mx-ok.test", "max_age: 86400"], ["*.mx-ok.test"]);
        var sessions = Enumerable.Range(0, 7).Select(_ => new TlsSessionResult(domain, sts, null, "mx1.mx-ok.test", "127.0.0.2", "127.0.0.1")).ToList();
        sessions.AddRange(Enumerable.Range(0, 2).Select(_ => new TlsSessionResult(
            domain, sts, TlsResultTypes.CertificateExpired, "mx1.mx-ok.test", "127.0.0.2", "127.0.0.1", "mx.test", "certificate expired 2026-01-01")));
        sessions.Add(new TlsSessionResult(domain, sts, TlsResultTypes.StartTlsNotSupported, "mx2.mx-ok.test", "127.0.0.3", "127.0.0.1", "mx.test"));
        sessions.AddRange(Enumerable.Range(0, 2).Select(_ => new TlsSessionResult(domain, TlsReportPolicy.None, null, "mx1.mx-ok.test", "127.0.0.2", "127.0.0.1")));
        return sessions;
    }

    /// <summary>The counts of <see cref="Sessions(string)"/>, as the report must say them.</summary>
    protected static void AssertCounts(JsonElement report, string domain)
    {
        Assert.That(Sessions(report), Is.EqualTo(12), "the report counts every recorded session");
        var sts = PolicyOfType(report, "sts");
        Assert.That(sts.GetProperty("policy").GetProperty("policy-domain").GetString(), Is.EqualTo(domain));
        Assert.That(sts.GetProperty("policy").GetProperty("mx-host").EnumerateArray().Select(h => h.GetString()), Is.EqualTo(new[] { "*.mx-ok.test" }));
        Assert.That(sts.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64(), Is.EqualTo(7));
        Assert.That(sts.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64(), Is.EqualTo(3));
        var details = sts.GetProperty("failure-details").EnumerateArray()
            .ToDictionary(d => d.GetProperty("result-type").GetString()!, d => d.GetProperty("failed-session-count").GetInt64());
        Assert.That(details, Is.EqualTo(new Dictionary<string, long> { ["certificate-expired"] = 2, ["starttls-not-supported"] = 1 }));
        var none = PolicyOfType(report, "no-policy-found");
        Assert.That(none.GetProperty("summary").GetProperty("total-successful-session-count").GetInt64(), Is.EqualTo(2));
        Assert.That(none.GetProperty("summary").GetProperty("total-failure-session-count").GetInt64(), Is.Zero);
    }
}
