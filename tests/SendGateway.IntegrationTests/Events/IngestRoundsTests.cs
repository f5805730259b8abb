using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Events;

/// <summary>
/// Issue 20: while it keeps up the ingester reads every shard in one call and stores the round in one transaction; a
/// shard that fills its share sends it back to a full batch per shard. Across those switches nothing is lost, nothing
/// is stored twice and everything read is acknowledged.
/// </summary>
[TestFixture]
public sealed class IngestRoundsTests
{
    [Test]
    public async Task EventsSpreadOverShardsAreAllStoredOnceWhileTheIngesterFallsBehindAndCatchesUp()
    {
        const int domains = 24, perRequest = 25, requests = 8;
        await using var factory = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["SendGateway:Events:BatchSize"] = "32", // the tests' 4 shards: a share of 8 each in one read, so most reads fill it (behind)
            ["SendGateway:Events:BatchWait"] = "00:00:00",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "rounds-acme.test");
        for (var r = 0; r < requests; r++)
        {
            var to = Enumerable.Range(0, perRequest).Select(i => new { email = $"r{r}-{i}@d{((r * perRequest) + i) % domains}.rounds.test" }).ToArray();
            using var response = await tenant.SendAsync(new { from = new { email = "a@rounds-acme.test" }, to, subject = "s", text = "t", send_at = DateTimeOffset.UtcNow.AddHours(1) });
            Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        }

        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        async Task<(long Events, long Distinct)> StoredAsync()
        {
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT message_id) FROM events WHERE tenant_id = @t AND type = 'injected'", connection);
            command.Parameters.AddWithValue("t", tenant.Id);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }

        var stored = await Polling.UntilAsync(StoredAsync, s => s.Events >= requests * perRequest, TimeSpan.FromSeconds(60));
        Assert.That(stored, Is.EqualTo((Events: (long)(requests * perRequest), Distinct: (long)(requests * perRequest))), "each message's injected event stored once");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var count = factory.Services.GetRequiredService<OutboundQueue>().Shards;
        var shards = Enumerable.Range(0, count).Select(QueueKeys.Events).ToList();
        Assert.That(Enumerable.Range(0, domains).Select(d => QueueKeys.ShardOf($"d{d}.rounds.test", count)).Distinct().Count(), Is.EqualTo(count), "spread over every shard");
        var left = await Polling.UntilAsync(
            async () => (await Task.WhenAll(shards.Select(async k => (await db.StreamPendingAsync(k, QueueKeys.IngestGroup)).PendingMessageCount + await db.StreamLengthAsync(k)))).Sum(),
            n => n == 0, TimeSpan.FromSeconds(30));
        Assert.That(left, Is.Zero, "every entry read was acknowledged and deleted from its stream");
    }
}
