using SendGateway.Server.Idempotency;
using SendGateway.Server.IpPools;

namespace SendGateway.Server.Tests;

/// <summary>
/// The warm-up and idempotency keys keep the formats the Redis data of a running deployment already has: a changed
/// format would orphan today's warm-up counts and stored replays on upgrade.
/// </summary>
[TestFixture]
public sealed class RedisKeyFormatTests
{
    [Test]
    public void AWarmupCounterIsKeyedBySourceProviderAndDayAndReadsBackItsProvider()
    {
        var key = WarmupKeys.Counter("192.0.2.7", "gmail", new DateOnly(2026, 3, 9));

        Assert.That(key, Is.EqualTo("sg:warm:{192.0.2.7}:gmail:20260309"));
        Assert.That(WarmupKeys.DayPattern("192.0.2.7", new DateOnly(2026, 3, 9)), Is.EqualTo("sg:warm:{192.0.2.7}:*:20260309"));
        Assert.That(WarmupKeys.ProviderOf(key, "192.0.2.7"), Is.EqualTo("gmail"));
    }

    [Test]
    public void AnIdempotencyRecordIsKeyedByScopeAndTheKeysHash()
    {
        Assert.That(IdempotencyKeys.Record("ten_1:ABC", "Order-42"),
            Is.EqualTo("sg:idem:ten_1:ABC:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("Order-42"u8))));
        Assert.That(IdempotencyKeys.ScopePattern("ten_1:ABC"), Is.EqualTo("sg:idem:ten_1:ABC:*"));
    }
}
