using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Events;

/// <summary>
/// Issue 31 §4: an ingest batch PostgreSQL refuses for its data (here a NUL character, which a text column cannot hold)
/// is split: the good events of the batch are stored, the refused one is read again up to
/// <c>Events:MaxRefusedAttempts</c> times and then moved to the dead letters with PostgreSQL's reason, and ingestion
/// keeps flowing. Before, the whole batch was retried for ever and nothing behind it was stored.
/// </summary>
[TestFixture]
public sealed class IngestPoisonTests
{
    private const int MaxAttempts = 3;

    [Test]
    public async Task AnEventPostgresRefusesGoesToTheDeadLettersAfterItsAttemptsWhileTheRestOfItsBatchIsStored()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["SendGateway:Events:MaxRefusedAttempts"] = MaxAttempts.ToString(),
        }, logs: logs);
        using var tenant = await factory.CreateTenantAsync(); // the ingester runs from here on
        using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var stream = QueueKeys.Events(QueueKeys.ShardOf("poison.test", 4));

        // Written as the queue writes events (field e, the EventRecord's JSON), in one transaction: one batch for the ingester.
        var good = Enumerable.Range(0, 6).Select(_ => Injected(tenant.Id, null)).ToList();
        var poison = Injected(tenant.Id, "bad\0reason");
        var transaction = db.CreateTransaction();
        var adds = good.Take(3).Append(poison).Concat(good.Skip(3))
            .Select(e => transaction.StreamAddAsync(stream, "e", JsonSerializer.Serialize(e, EventJsonContext.Default.EventRecord))).ToList();
        Assert.That(await transaction.ExecuteAsync(), Is.True);
        var poisonStreamId = (string)(await adds[3])!;

        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        var stored = await Polling.UntilAsync(() => StoredMessagesAsync(connection, tenant.Id), s => s.Count >= good.Count, TimeSpan.FromSeconds(60));
        Assert.That(stored, Is.EquivalentTo(good.Select(e => e.MessageId)), "the good events of the refused batch are stored, the refused one is not");

        using var admin = factory.CreateAdminClient();
        var letter = await Polling.UntilAsync(() => DeadLetterOfAsync(admin, poison.MessageId), l => l is not null, TimeSpan.FromSeconds(60));
        Assert.That(letter, Is.Not.Null, "the refused event reaches the dead letters");
        Assert.That(letter!.Value.GetProperty("source").GetString(), Is.EqualTo("events"));
        Assert.That(letter.Value.GetProperty("stream_id").GetString(), Is.EqualTo(poisonStreamId));
        Assert.That(letter.Value.GetProperty("reason").GetString(), Does.StartWith("refused by PostgreSQL: 22021"), "PostgreSQL's code: invalid byte sequence (0x00)");

        var retries = logs.Lines.Count(l => l.Contains(poisonStreamId, StringComparison.Ordinal) && l.Contains("left pending", StringComparison.Ordinal));
        Assert.That(retries, Is.EqualTo(MaxAttempts - 1), "read and refused alone MaxRefusedAttempts times, dead-lettered at the last");
        Assert.That(logs.Lines.Any(l => l.Contains(poisonStreamId, StringComparison.Ordinal) && l.Contains("to the dead letters", StringComparison.Ordinal)), Is.True);
        Assert.That(logs.Lines.Any(l => l.Contains(poison.Recipient, StringComparison.Ordinal) || l.Contains("bad\0reason", StringComparison.Ordinal)), Is.False, "no event content in the logs");

        // Ingestion keeps flowing: a later event is stored, and nothing is left pending or in the stream.
        var later = Injected(tenant.Id, null);
        await db.StreamAddAsync(stream, "e", JsonSerializer.Serialize(later, EventJsonContext.Default.EventRecord));
        stored = await Polling.UntilAsync(() => StoredMessagesAsync(connection, tenant.Id), s => s.Contains(later.MessageId), TimeSpan.FromSeconds(30));
        Assert.That(stored, Does.Contain(later.MessageId));
        var left = await Polling.UntilAsync(
            async () => (await db.StreamPendingAsync(stream, QueueKeys.IngestGroup)).PendingMessageCount + await db.StreamLengthAsync(stream), n => n == 0, TimeSpan.FromSeconds(30));
        Assert.That(left, Is.Zero, "every entry stored or dead-lettered, none pending");
    }

    private static EventRecord Injected(string tenantId, string? reason) => new()
    {
        Id = Ids.New("evt"),
        Type = EventTypes.Injected,
        Timestamp = DateTimeOffset.UtcNow,
        MessageId = Ids.New("msg"),
        BatchId = Ids.New("bat"),
        Sequence = 1,
        Recipient = $"r-{Guid.NewGuid():N}@poison.test",
        RecipientDomain = "poison.test",
        From = "a@poison-acme.test",
        Reason = reason,
        TenantId = tenantId,
    };

    private static async Task<List<string>> StoredMessagesAsync(NpgsqlConnection connection, string tenantId)
    {
        await using var command = new NpgsqlCommand("SELECT message_id FROM events WHERE tenant_id = @t", connection);
        command.Parameters.AddWithValue("t", tenantId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<JsonElement?> DeadLetterOfAsync(HttpClient admin, string messageId)
    {
        foreach (var letter in (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/dead-letters?limit=1000")).EnumerateArray())
        {
            if (letter.GetProperty("fields").TryGetProperty("e", out var e) && e.GetString()!.Contains(messageId, StringComparison.Ordinal))
            {
                return letter;
            }
        }

        return null;
    }
}
