using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// T111 (transport part): the service reaches a real redis-server that speaks only TLS (client certificate required) and a
/// real PostgreSQL with <c>ssl=on</c>, both with certificates of a throwaway CA. A message sent over REST is delivered and
/// PostgreSQL reports the service's connections as TLS; a store showing a certificate of another CA is not talked to; a
/// certificate file that is not there fails the start.
/// </summary>
[TestFixture]
public sealed class StoreTlsTests
{
    [Test]
    public async Task AMessageIsDeliveredWithRedisAndPostgresBothOverVerifiedTls()
    {
        using var certificates = new TestCertificates("stores");
        await using var redis = new RedisProcess { Tls = certificates };
        await redis.StartAsync();
        await using var postgres = new PostgresProcess { Tls = certificates };
        await postgres.StartAsync();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Port}",
            ["ConnectionStrings:Postgres"] = $"{postgres.ConnectionString};SSL Mode=VerifyFull;Root Certificate={certificates.CaFile}",
            ["SendGateway:Storage:RedisCaFile"] = certificates.CaFile,
            ["SendGateway:Storage:RedisClientCertificateFile"] = certificates.ClientPfxFile,
        });

        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "store-tls.test");
        var recipient = $"tls-{Guid.NewGuid():N}@mx-ok.test";
        using var response = await tenant.SendAsync(new { from = new { email = "a@store-tls.test" }, to = new[] { new { email = recipient } }, subject = "tls", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForIngestedStatusAsync(id, "ok", seconds: 90);
        Assert.That(TestEnvironment.Mx1.For(recipient).Count(), Is.EqualTo(1), "delivered once");

        await using var connection = await factory.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<bool>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"), Is.True, "the service's data source speaks TLS");
        var plain = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.backend_type = 'client backend' AND NOT s.ssl");
        Assert.That(plain, Is.Zero, "no connection of the service is in plain text");
    }

    [Test]
    public async Task ARedisCertificateOfAnotherCaIsRefusedAndTheServiceStaysNotReady()
    {
        using var trusted = new TestCertificates("trusted");
        using var other = new TestCertificates("other");
        await using var redis = new RedisProcess("--tls-auth-clients", "no") { Tls = other };
        await redis.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Port},connectTimeout=2000",
            ["SendGateway:Storage:RedisCaFile"] = trusted.CaFile,
        }, logs: logs);
        using var client = factory.CreateClient();

        // StackExchange.Redis names a refused certificate AuthenticationFailure, or, for a command that waited in its backlog
        // meanwhile, "There was an authentication failure" (a closed port would be UnableToConnect, "not possible to connect").
        var refused = await Polling.UntilAsync(
            () => Task.FromResult(Outages(logs, "AuthenticationFailure").Concat(Outages(logs, "There was an authentication failure")).ToList()), l => l.Count > 0, TimeSpan.FromSeconds(90));
        Assert.That(refused, Is.Not.Empty, $"the service connected, and refused the certificate:\n{string.Join('\n', logs.Lines)}\nredis-server:\n{redis.Log}");
        Assert.That(factory.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected, Is.False, "the multiplexer never connected");
        using var ready = await client.GetAsync("/readyz");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready without Redis");
    }

    [Test]
    public async Task APostgresCertificateOfAnotherCaIsRefusedAndTheServiceStaysNotReady()
    {
        using var trusted = new TestCertificates("trusted");
        using var other = new TestCertificates("other");
        await using var postgres = new PostgresProcess { Tls = other };
        await postgres.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = $"{postgres.ConnectionString};SSL Mode=VerifyFull;Root Certificate={trusted.CaFile}",
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
        }, logs: logs);
        using var client = factory.CreateClient();

        // Npgsql: "Exception while performing SSL handshake" (a closed port would be "Failed to connect").
        var refused = await Polling.UntilAsync(() => Task.FromResult(Outages(logs, "SSL handshake")), l => l.Count > 0, TimeSpan.FromSeconds(90));
        Assert.That(refused, Is.Not.Empty, $"the service connected, and refused the certificate:\n{string.Join('\n', logs.Lines)}\nPostgreSQL:\n{postgres.Log}");
        using var ready = await client.GetAsync("/readyz");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "not ready: the migrations never ran");
    }

    /// <summary>The real executable, as in OptionsValidationTests: exit code 1 and one line naming the setting and the path.</summary>
    [TestCase("SendGateway:Storage:RedisCaFile")]
    [TestCase("SendGateway:Storage:RedisClientCertificateFile")]
    [TestCase("ConnectionStrings:Postgres")]
    public async Task ACertificateFileThatIsNotThereStopsTheStartNamingIt(string key)
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.crt");
        var postgres = $"Host=127.0.0.1;Port={ProcessRunner.FreePort()};Username=nobody;Database=none;Timeout=1";
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = $"127.0.0.1:{ProcessRunner.FreePort()},connectTimeout=500",
            ["ConnectionStrings__Postgres"] = postgres,
            ["SendGateway__Secrets__MasterKey"] = SendGatewayFactory.MasterKey,
        };
        environment[key.Replace(":", "__", StringComparison.Ordinal)] = key == "ConnectionStrings:Postgres"
            ? $"{postgres};SSL Mode=VerifyFull;Root Certificate={missing}"
            : missing;

        var (exit, output) = await ServerProcess.RunAsync(environment, "migrate");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain(key).And.Contain(missing), "the line names the setting and the missing file");
        Assert.That(output, Does.Not.Contain("   at "), "no stack trace");
    }

    /// <summary>Outage lines of the service's loops (<c>storage unavailable (…)</c>) whose error mentions <paramref name="cause"/>.</summary>
    private static List<string> Outages(CapturingLoggerProvider logs, string cause) =>
        [.. logs.Lines.Where(l => l.Contains(": storage unavailable", StringComparison.Ordinal) && l.Contains(cause, StringComparison.OrdinalIgnoreCase))];
}
