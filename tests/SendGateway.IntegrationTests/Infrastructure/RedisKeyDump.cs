using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>One Redis key as <see cref="StorageDump.RedisKeysAsync"/> read it: its type, its TTL (null: none) and every value it holds, as text.</summary>
public sealed record RedisKeyDump(string Name, RedisType Type, TimeSpan? Ttl, string Text);
