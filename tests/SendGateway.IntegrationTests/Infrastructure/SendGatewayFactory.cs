using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// The real SendGateway.Server in-process, wired to the shared real parts. Each factory gets its own Redis
/// database and its own PostgreSQL database (a copy of <see cref="MigratedTemplate"/>), so factories never see each other's queues or rows.
/// </summary>
public sealed class SendGatewayFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-operator-key-0123456789";
    private static int _nextRedisDb;

    /// <summary>One key for the run, so factories sharing a database (worker restarts) can read each other's secrets.</summary>
    public static readonly string MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly Dictionary<string, string?> _settings;
    private readonly Microsoft.Extensions.Logging.ILoggerProvider? _logs;
    private readonly TimeProvider? _clock;

    public SendGatewayFactory(
        string roles = "api,delivery,events", IDictionary<string, string?>? settings = null, int? redisDatabase = null, string? postgresDatabase = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null, TimeProvider? clock = null)
    {
        _logs = logs;
        _clock = clock;
        Relay = roles.Contains("relay", StringComparison.Ordinal);
        RedisDatabase = redisDatabase ?? Interlocked.Increment(ref _nextRedisDb);
        PostgresDatabase = postgresDatabase ?? $"sg_test_{Guid.NewGuid():N}";
        if (postgresDatabase is null)
        {
            using var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString);
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {PostgresDatabase} TEMPLATE {MigratedTemplate.Name}", admin);
            create.ExecuteNonQuery();
        }

        PostgresConnectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.Storage.PostgresAdminConnectionString) { Database = PostgresDatabase }.ConnectionString;
        RedisConnectionString = $"{TestEnvironment.Storage.RedisEndpoint},defaultDatabase={RedisDatabase}";
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = RedisConnectionString,
            ["ConnectionStrings:Postgres"] = PostgresConnectionString,
            ["SendGateway:Roles"] = roles,
            ["SendGateway:Secrets:MasterKey"] = MasterKey,
            ["SendGateway:Admin:ApiKey"] = AdminKey,
            ["SendGateway:Queue:Shards"] = "4",
            ["SendGateway:Delivery:Dns:Servers:0"] = TestEnvironment.Dns.EndPoint.ToString(),
            ["SendGateway:Delivery:Dns:Timeout"] = "00:00:02",
            ["SendGateway:Delivery:MxPort"] = TestEnvironment.MxPort.ToString(),
            ["SendGateway:Delivery:HeloName"] = "worker.sendgateway.test",
            ["SendGateway:Delivery:AllowedMxNetworks:0"] = "127.0.0.0/8", // every test MX listens on 127.0.0.x (reliability.md T74)
            ["SendGateway:Delivery:Retry:FirstDelay"] = "00:00:00.300",
            ["SendGateway:Delivery:Retry:MaxDelay"] = "00:00:01",
            ["SendGateway:Delivery:ScheduleInterval"] = "00:00:00.100",
            ["SendGateway:Delivery:MaxPollDelay"] = "00:00:00.050",
            ["SendGateway:Delivery:ConnectTimeout"] = "00:00:02",
            ["SendGateway:Delivery:CommandTimeout"] = "00:00:10",
            ["SendGateway:Delivery:DataTimeout"] = "00:00:10",
            ["SendGateway:Events:MaxPollDelay"] = "00:00:00.050",
            ["SendGateway:Messages:MaxMessageBytes"] = "200000",
            ["SendGateway:Webhooks:AllowPrivateNetworks"] = "true",
            ["SendGateway:Delivery:Shaping:TemporaryFailuresBeforeBackoff"] = "0", // fixtures share test MX domains; TrafficShapingTests turns it on
            ["SendGateway:Webhooks:PollInterval"] = "00:00:00.050",
            ["SendGateway:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["SendGateway:LastUse:FlushInterval"] = "00:00:00.200",
            ["SendGateway:Webhooks:MaxRetryDelay"] = "00:00:01",
            ["SendGateway:Webhooks:Timeout"] = "00:00:10",
            ["SendGateway:Api:StopDrainTime"] = "00:00:00", // stops at once; ApiGracefulStopTests sets its own
            ["SendGateway:Bounces:Port"] = "0", // no inbound listener on the fixed default port (two test processes run side by side); tests of it set a free one
        };
        if (Relay)
        {
            // The relay listens through Kestrel connection handlers, so this factory runs a real Kestrel on free ports.
            HttpPort = ProcessRunner.FreePort();
            (SubmissionPort, TlsPort) = (ProcessRunner.FreePort(), ProcessRunner.FreePort());
            _settings["urls"] = $"http://127.0.0.1:{HttpPort}";
            _settings["SendGateway:Relay:Ports:Submission"] = SubmissionPort.ToString();
            _settings["SendGateway:Relay:Ports:Tls"] = TlsPort.ToString();
            _settings["SendGateway:Relay:Ports:Alternate"] = "0";
            _settings["SendGateway:Relay:HostName"] = "relay.sendgateway.test";
            _settings["SendGateway:Relay:PasswordHashIterations"] = "10000";
            UseKestrel();
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public bool Relay { get; }

    /// <summary>This factory's configuration as environment variables, for a real server process sharing its databases.</summary>
    public Dictionary<string, string> EnvironmentFor(string roles, IDictionary<string, string>? overrides = null)
    {
        var environment = _settings.Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["SendGateway__Roles"] = roles;
        environment["urls"] = "http://127.0.0.1:0";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return environment;
    }

    public int HttpPort { get; }

    public int SubmissionPort { get; }

    public int TlsPort { get; }

    public int RedisDatabase { get; }

    public string PostgresDatabase { get; }

    public string PostgresConnectionString { get; }

    public string RedisConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_logs is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton(_logs)); // logging uses every registered provider
        }

        if (_clock is not null)
        {
            builder.ConfigureServices(s =>
            {
                s.AddSingleton(_clock); // the last registration wins
                s.Configure<MemoryCacheOptions>(o => o.Clock = new TimeProviderClock(_clock)); // cached entries age by it too
            });
        }
    }

    public HttpClient CreateAdminClient() => Authorized(AdminKey);

    public HttpClient Authorized(string key)
    {
        var client = Relay ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") } : CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A new tenant through the operator API, and a client holding its first key.</summary>
    public async Task<TestTenant> CreateTenantAsync(CancellationToken cancellationToken = default)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/v1/admin/tenants", new { name = $"tenant-{Guid.NewGuid():N}" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var key = body.GetProperty("api_key").GetString()!;
        return new TestTenant(body.GetProperty("id").GetString()!, key, Authorized(key));
    }

    /// <summary>Adds a sender domain and publishes its DKIM record in the test DNS, as a tenant would.</summary>
    public static async Task<JsonElement> AddDomainAsync(TestTenant tenant, string name, CancellationToken cancellationToken = default)
    {
        var response = await tenant.Client.PostAsJsonAsync("/v1/domains", new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var domain = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        foreach (var record in domain.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("type").GetString() == "TXT"))
        {
            // Published as its owner would: the record replaces what an earlier fixture published under the same name
            // (fixtures share sender domains and the DKIM selector; with both keys in DNS a verifier may read the other).
            TestEnvironment.Dns.RemoveTxt(record.GetProperty("name").GetString()!);
            TestEnvironment.Dns.AddTxt(record.GetProperty("name").GetString()!, record.GetProperty("value").GetString()!);
        }

        // A domain sends only once verified (issue 31 §1): its DKIM record, just published, is found.
        // A fixture with a tight per-key rate limit may see the verify refused with 429 right after the create: polled until served.
        var verify = await Polling.UntilAsync(
            () => tenant.Client.PostAsync($"/v1/domains/{domain.GetProperty("name").GetString()}/verify", null, cancellationToken),
            r => r.StatusCode != System.Net.HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30));
        var verification = await verify.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!verify.IsSuccessStatusCode || !verification.GetProperty("verified").GetBoolean())
        {
            throw new InvalidOperationException($"{name} was not verified: {verification}");
        }

        return domain;
    }
}
