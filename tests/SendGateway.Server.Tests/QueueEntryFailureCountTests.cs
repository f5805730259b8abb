using System.Text.Json;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tests;

/// <summary>
/// <see cref="QueueEntry.UnexpectedFailures"/> survives retries through its JSON, is not written while 0 (no bytes added
/// to every entry), and entries queued before it existed decode as 0.
/// </summary>
[TestFixture]
public sealed class QueueEntryFailureCountTests
{
    private static readonly QueueEntry Entry = new()
    {
        Id = "msg_1", BatchId = "bat_1", TenantId = "t_1", Recipient = "r@example.test", ToEmail = "r@example.test", Shard = 3,
        AcceptedAt = DateTimeOffset.UnixEpoch, Attempt = 2,
    };

    [Test]
    public void TheCountRoundTripsAndIsLeftOutWhileZero()
    {
        var counted = JsonSerializer.Serialize(Entry with { UnexpectedFailures = 2 }, QueueJsonContext.Default.QueueEntry);
        Assert.That(counted, Does.Contain("\"unexpected_failures\":2"));
        Assert.That(JsonSerializer.Deserialize(counted, QueueJsonContext.Default.QueueEntry)!.UnexpectedFailures, Is.EqualTo(2));
        Assert.That(JsonSerializer.Serialize(Entry, QueueJsonContext.Default.QueueEntry), Does.Not.Contain("unexpected_failures"));
    }

    [Test]
    public void AnEntryQueuedBeforeTheCountExistedDecodesWithZero()
    {
        const string old = """{"id":"msg_1","batch_id":"bat_1","tenant_id":"t_1","recipient":"r@example.test","to_email":"r@example.test","shard":3,"attempt":2,"sequence":1,"accepted_at":"1970-01-01T00:00:00+00:00"}""";
        var entry = JsonSerializer.Deserialize(old, QueueJsonContext.Default.QueueEntry)!;
        Assert.That((entry.UnexpectedFailures, entry.Attempt), Is.EqualTo((0, 2)));
    }
}
