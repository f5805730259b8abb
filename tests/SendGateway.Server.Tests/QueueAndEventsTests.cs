using SendGateway.Server.EventContract;
using SendGateway.Server.Events;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tests;

[TestFixture]
public sealed class QueueAndEventsTests
{
    [Test]
    public void KeysOfAShardShareItsHashTag()
    {
        Assert.That(QueueKeys.Stream(7), Is.EqualTo("sg:q:{s7}"));
        Assert.That(QueueKeys.Events(7), Does.Contain("{s7}"));
        Assert.That(QueueKeys.Scheduled(7), Does.Contain("{s7}"));
        Assert.That(QueueKeys.Body(7, "bat_1"), Does.Contain("{s7}"));
        Assert.That(QueueKeys.Delivered(7, "msg_1"), Does.Contain("{s7}"));
    }

    [Test]
    public void OneDestinationAlwaysMeetsOneShard()
    {
        Assert.That(QueueKeys.ShardOf("Example.TEST", 16), Is.EqualTo(QueueKeys.ShardOf("example.test", 16)));
        var shards = Enumerable.Range(0, 1000).Select(i => QueueKeys.ShardOf($"domain{i}.test", 16)).ToList();
        Assert.That(shards, Is.All.InRange(0, 15));
        Assert.That(shards.Distinct().Count(), Is.EqualTo(16), "domains spread over every shard");
    }

    [Test]
    public void RanksFollowTheContract()
    {
        string[] order = ["injected", "softbounce", "ok", "open", "click", "hardbounce", "unsubscribe", "feedback"];
        Assert.That(order.Select(EventTypes.Rank), Is.Ordered.And.Unique);
        Assert.That(EventTypes.Rank("dropped"), Is.EqualTo(EventTypes.Rank("spambounce")));
    }

    [Test]
    public void CursorsRoundTripAndGarbageIsRefused()
    {
        var at = new DateTime(2026, 11, 22, 10, 0, 0, 123, DateTimeKind.Utc);
        Assert.That(EventCursor.TryDecode(EventCursor.Encode(at, "evt_1"), out var after), Is.True);
        Assert.That(after, Is.EqualTo((at, "evt_1")));
        Assert.That(EventCursor.TryDecode("!!!", out _), Is.False);
        Assert.That(EventCursor.TryDecode("Zm9v", out _), Is.False);
    }

    [Test]
    public void ReadsUsedMemoryFromInfo() =>
        Assert.That(QueueBackpressure.ParseUsedMemory("# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n"), Is.EqualTo(1048576));
}
