using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;

namespace SendGateway.IntegrationTests.Events;

/// <summary>The ingester's writes against a real PostgreSQL: day partitions, idempotent re-delivery, status by rank.</summary>
[TestFixture]
public sealed class EventStoreTests
{
    private static EventRecord Event(string id, string type, DateTimeOffset at, string messageId, int sequence) => new()
    {
        Id = id, Type = type, Timestamp = at, MessageId = messageId, BatchId = "bat_1", Sequence = sequence, Recipient = "ann@example.test",
        RecipientDomain = "example.test", From = "a@acme.test", TenantId = "ten_store",
    };

    [Test]
    public async Task EventsLandInUtcDayPartitionsWhateverTheServersTimeZone()
    {
        await using var factory = new SendGatewayFactory(roles: "api");
        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"ALTER DATABASE {factory.PostgresDatabase} SET timezone TO 'Pacific/Kiritimati'", admin);
            await command.ExecuteNonQueryAsync();
        }

        var store = factory.Services.GetRequiredService<EventStore>();
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        // One write each: each must create its own day's partition and fit in it.
        await store.WriteAsync([Event("evt_late", "injected", day.AddHours(23.5), "msg_tz", 1)], CancellationToken.None);
        await store.WriteAsync([Event("evt_early", "ok", day.AddDays(3).AddMinutes(30), "msg_tz", 2)], CancellationToken.None);

        var rows = await factory.Services.GetRequiredService<EventReadStore>().ListAsync("ten_store", new EventFilter(null, null, "msg_tz", null, null, null, null, 10), CancellationToken.None);
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { "evt_late", "evt_early" }));
    }

    [Test]
    public async Task WritingTheSameBatchTwiceStoresEachEventOnceAndKeepsTheHighestRank()
    {
        await using var factory = new SendGatewayFactory(roles: "api");
        var store = factory.Services.GetRequiredService<EventStore>();
        var now = DateTimeOffset.UtcNow;
        EventRecord[] batch = [Event("evt_a", "injected", now, "msg_rank", 1), Event("evt_b", "hardbounce", now.AddSeconds(1), "msg_rank", 2)];
        await store.WriteAsync(batch, CancellationToken.None);
        await store.WriteAsync(batch, CancellationToken.None);
        await store.WriteAsync([Event("evt_c", "softbounce", now.AddSeconds(2), "msg_rank", 3)], CancellationToken.None);

        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM events WHERE message_id = 'msg_rank'", connection);
        Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(3));
        await using var status = new NpgsqlCommand("SELECT status FROM messages WHERE id = 'msg_rank' AND tenant_id = 'ten_store'", connection);
        Assert.That(await status.ExecuteScalarAsync(), Is.EqualTo("hardbounce"), "a later lower-rank event does not lower the status");
    }
}
