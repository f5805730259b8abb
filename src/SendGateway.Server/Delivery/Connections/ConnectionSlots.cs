using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>
/// Open connections per MX address counted across every worker (<c>sg:conns:{mx:ip:port}</c>: a sorted set of connection
/// ids scored by expiry, renewed whenever a connection is used), so <see cref="DeliveryOptions.MaxConnectionsPerMx"/>
/// holds however many workers send to that address. A crashed worker's slots expire by themselves.
/// </summary>
internal sealed class ConnectionSlots(IConnectionMultiplexer redis, IOptions<DeliveryOptions> options, TimeProvider time)
{
    private const string Acquire = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    public static string Key(string target) => $"sg:conns:{{mx:{target}}}";

    public bool Enabled => options.Value.MaxConnectionsPerMx > 0;

    public async Task<bool> TryAcquireAsync(string target, string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ttl = (long)options.Value.ConnectionSlotTtl.TotalMilliseconds;
        return (int)await redis.GetDatabase().ScriptEvaluateAsync(Acquire, [Key(target)], [now, now + ttl, options.Value.MaxConnectionsPerMx, id, ttl]) == 1;
    }

    public Task RenewAsync(string target, string id) =>
        redis.GetDatabase().SortedSetAddAsync(Key(target), id, time.GetUtcNow().ToUnixTimeMilliseconds() + (long)options.Value.ConnectionSlotTtl.TotalMilliseconds, SortedSetWhen.Exists);

    public Task ReleaseAsync(string target, string id) => redis.GetDatabase().SortedSetRemoveAsync(Key(target), id);
}
