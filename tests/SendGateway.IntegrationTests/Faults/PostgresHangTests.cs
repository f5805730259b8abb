using System.Net;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL behind a <see cref="FaultProxy"/>: a database that hangs (connections kept, nothing answers: Toxiproxy
/// <c>timeout</c>) rather than one that is stopped (StorageRestartTests, StoreFaultDuringDeliveryTests).
/// </summary>
[TestFixture]
public sealed class PostgresHangTests
{
    /// <summary>
    /// reliability.md T92 (PostgreSQL down, in its Toxiproxy <c>timeout</c> form): while PostgreSQL hangs, sends are
    /// accepted and queued mail to a known domain is delivered; the event ingester's batches time out (what it had sent
    /// into the hang is held by the proxy, not dropped, and reaches PostgreSQL after it). Once PostgreSQL answers, every
    /// event is stored exactly once: no batch lost, none stored twice. (The late statements fall inside transactions the
    /// timeout abandoned, so this run does not lean on the insert's ON CONFLICT: it passes without it.)
    /// </summary>
    [Test]
    public async Task WhilePostgresHangsDeliveryGoesOnAndAfterwardsEveryEventIsStoredExactlyOnce()
    {
        await using var postgres = new PostgresProcess();
        await postgres.StartAsync();
        await using var proxy = new FaultProxy(postgres.Port);
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = postgres.ConnectionString.Replace($"Port={postgres.Port}", $"Port={proxy.Port}", StringComparison.Ordinal),
            ["SendGateway:Events:ReclaimIdleTime"] = "00:00:02",
            ["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500",
        }, logs: logs);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "pg-hang.test");
        var flow = new StoreFaultFlow(tenant, "a@pg-hang.test", "mx-ok.test");
        await flow.SendUntilAsync(1);
        await tenant.WaitForIngestedStatusAsync(flow.Accepted.Keys.Single(), "ok", seconds: 60); // the key and the domain were read once

        proxy.Blackhole();
        await flow.SendUntilAsync(11);
        var during = flow.Accepted.Keys.Skip(1).ToArray();
        var delivered = await Polling.UntilAsync(
            () => Task.FromResult(flow.Accepted.Values.Count(r => TestEnvironment.Mx1.For(r).Any())), n => n == flow.Accepted.Count, TimeSpan.FromSeconds(90));
        Assert.That(delivered, Is.EqualTo(flow.Accepted.Count), "mail sent during the hang was delivered during it");
        var hung = await Polling.UntilAsync(
            () => Task.FromResult(logs.Lines.Any(l => l.Contains("Event ingest: storage unavailable", StringComparison.Ordinal))), found => found, TimeSpan.FromSeconds(90));
        Assert.That(hung, Is.True, "the ingester met the hang (its batch timed out)");
        await using var db = new NpgsqlConnection(postgres.ConnectionString); // straight to PostgreSQL, not through the proxy
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE message_id = ANY(@during)", new { during }), Is.Zero,
            "no event of the mail sent during the hang was stored during it");

        proxy.Pass();
        var events = await Polling.UntilAsync(
            async () => (await db.QueryAsync<(string Id, string Type, long Count)>(
                "SELECT message_id, type, count(*) FROM events WHERE message_id = ANY(@ids) GROUP BY message_id, type", new { ids = flow.Accepted.Keys.ToArray() })).ToList(),
            rows => rows.Count(r => r.Type == "ok") == flow.Accepted.Count, TimeSpan.FromSeconds(120));
        foreach (var id in flow.Accepted.Keys)
        {
            var types = events.Where(r => r.Id == id).OrderBy(r => r.Type, StringComparer.Ordinal).Select(r => $"{r.Type}×{r.Count}");
            Assert.That(types, Is.EqualTo(new[] { "injected×1", "ok×1" }), $"{id}: each event stored once");
        }

        Assert.That(flow.Accepted.Values.Select(r => TestEnvironment.Mx1.For(r).Count()), Is.All.EqualTo(1), "one copy each at the MX");
        using var health = await factory.CreateClient().GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
