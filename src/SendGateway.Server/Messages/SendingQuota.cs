using SendGateway.Server.Tenants;
using StackExchange.Redis;

namespace SendGateway.Server.Messages;

/// <summary>
/// A tenant's hourly and daily sending quotas (recipients accepted), counted in Redis so every node shares them; checked
/// and consumed in one script, so a batch that would cross a quota consumes nothing. Tenants without quotas cost nothing.
/// </summary>
internal sealed class SendingQuota(IConnectionMultiplexer redis, CachedTenants tenants, TimeProvider time)
{
    private const string Script = """
        local n, hl, dl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
        local h, d = tonumber(redis.call('GET', KEYS[1]) or '0'), tonumber(redis.call('GET', KEYS[2]) or '0')
        if hl >= 0 and h + n > hl then return {1, h, d} end
        if dl >= 0 and d + n > dl then return {2, h, d} end
        h = redis.call('INCRBY', KEYS[1], n) redis.call('PEXPIRE', KEYS[1], ARGV[4])
        d = redis.call('INCRBY', KEYS[2], n) redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return {0, h, d}
        """;

    private static string HourKey(string tenantId, DateTimeOffset at) => $"sg:quota:{{t:{tenantId}}}:h:{at:yyyyMMddHH}";

    private static string DayKey(string tenantId, DateTimeOffset at) => $"sg:quota:{{t:{tenantId}}}:d:{at:yyyyMMdd}";

    /// <summary>Deletes a tenant's counters (its deletion): this and the previous window's, the only ones not yet expired.</summary>
    public async Task DeleteCountersAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        var db = redis.GetDatabase();
        foreach (var key in new[] { HourKey(tenantId, now), HourKey(tenantId, now.AddHours(-1)), DayKey(tenantId, now), DayKey(tenantId, now.AddDays(-1)) })
        {
            await db.KeyDeleteAsync(key);
        }
    }

    /// <summary>
    /// Consumes <paramref name="count"/> from the tenant's quotas. Null for a tenant without quotas; else where it stands in
    /// the window with the fewest left, or, when one would be exceeded (nothing consumed), that window marked exceeded.
    /// </summary>
    public async Task<SendingQuotaState?> TryConsumeAsync(string tenantId, int count, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        var limits = (tenant?.HourlyQuota, tenant?.DailyQuota);
        if (limits.HourlyQuota is null && limits.DailyQuota is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var hourEnd = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        var dayEnd = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
        RedisKey[] keys = [HourKey(tenantId, now), DayKey(tenantId, now)];
        RedisValue[] args = [count, limits.HourlyQuota ?? -1, limits.DailyQuota ?? -1, (long)(hourEnd - now).TotalMilliseconds + 60_000, (long)(dayEnd - now).TotalMilliseconds + 60_000];
        var reply = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, args))!;
        var (code, hourUsed, dayUsed) = ((int)reply[0], (long)reply[1], (long)reply[2]);
        var hour = limits.HourlyQuota is { } hl ? new SendingQuotaState(hl, Math.Max(0, hl - hourUsed), hourEnd - now) : null;
        var day = limits.DailyQuota is { } dl ? new SendingQuotaState(dl, Math.Max(0, dl - dayUsed), dayEnd - now) : null;
        return code switch
        {
            1 => hour! with { Exceeded = true },
            2 => day! with { Exceeded = true },
            _ => hour is null || (day is not null && day.Remaining < hour.Remaining) ? day : hour,
        };
    }
}
