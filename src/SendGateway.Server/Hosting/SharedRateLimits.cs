using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Hosting;

/// <summary>
/// The rate limits' buckets in Redis, for every node together: GCRA (a token bucket kept as one theoretical arrival
/// time per bucket) for all of a request's buckets in one script call, on Redis's clock; a request takes from every
/// bucket or from none. Each key expires when its bucket is full again, so the keys are bounded by the buckets in use.
/// When Redis does not answer within <see cref="RateLimitOptions.RedisTimeout"/>, the answer is "unknown" and the node
/// asks Redis again only after <see cref="RateLimitOptions.FallbackTime"/> (logged once per outage).
/// </summary>
internal sealed class SharedRateLimits(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options, ILogger<SharedRateLimits> logger)
{
    // ARGV: per bucket the emission interval (µs per request) and the burst. Returns 0 (taken) or µs to wait.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local tats, wait = {}, 0
        for i = 1, #KEYS do
          local interval, burst = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
          local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
          if tat < now then tat = now end
          tats[i] = tat + interval
          local allowed = tats[i] - interval * burst
          if allowed - now > wait then wait = allowed - now end
        end
        if wait > 0 then return math.ceil(wait) end
        for i = 1, #KEYS do
          redis.call('SET', KEYS[i], string.format('%.0f', tats[i]), 'PX', math.ceil((tats[i] - now) / 1000) + 1)
        end
        return 0
        """;

    private long _askAgainAt;
    private int _down;

    /// <summary>Null: Redis did not answer (the caller counts on this node); zero: taken; otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TakeAsync(IReadOnlyList<SharedBucket> buckets, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 < Volatile.Read(ref _askAgainAt))
        {
            return null;
        }

        var keys = new RedisKey[buckets.Count];
        var values = new RedisValue[buckets.Count * 2];
        for (var i = 0; i < buckets.Count; i++)
        {
            keys[i] = buckets[i].RedisKey;
            values[2 * i] = (1_000_000.0 / buckets[i].PerSecond).ToString("R", CultureInfo.InvariantCulture);
            values[(2 * i) + 1] = Math.Max(1, buckets[i].Burst);
        }

        try
        {
            var waitMicroseconds = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, values)
                .WaitAsync(options.Value.RedisTimeout, cancellationToken);
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                HostingLog.SharedRateLimitsBack(logger);
            }

            return TimeSpan.FromMicroseconds(waitMicroseconds);
        }
        catch (Exception e) when (e is TimeoutException || Storage.Outage.IsTransient(e))
        {
            Volatile.Write(ref _askAgainAt, Environment.TickCount64 + (long)options.Value.FallbackTime.TotalMilliseconds);
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                HostingLog.SharedRateLimitsAway(logger, e.GetType().Name, options.Value.FallbackTime);
            }

            return null;
        }
    }
}
