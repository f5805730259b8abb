using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery.Shaping;

/// <summary>
/// Per-destination traffic shaping shared by every worker through Redis: a destination is a provider group when the
/// recipient domain belongs to one, else the domain. Before an attempt, <see cref="DeferAsync"/> says how long to wait
/// (the destination rests after a 421 or a run of 4xx, or its per-minute budget is spent); such a message is put back in
/// the schedule without an attempt or an event. Outcomes feed the back-off.
/// </summary>
internal sealed class DestinationThrottle(IConnectionMultiplexer redis, IOptions<DeliveryOptions> options, TimeProvider time) : Queue.IDestinationRests
{
    // KEYS back-off, minute counter, temporary-failure counter. ARGV limit, ms to the next minute. Returns {ms to wait
    // (0 = go; the attempt is then counted), whether failures are being counted}: a delivery clears the counter only
    // when there is one (one Redis call fewer per delivered message).
    private const string Check = """
        local pending = redis.call('EXISTS', KEYS[3])
        local rest = redis.call('PTTL', KEYS[1])
        if rest > 0 then return {rest, pending} end
        local limit = tonumber(ARGV[1])
        if limit > 0 then
          local n = redis.call('INCR', KEYS[2])
          if n == 1 then redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[2]) + 1000) end
          if n > limit then return {tonumber(ARGV[2]), pending} end
        end
        return {0, pending}
        """;

    private TrafficShapingOptions Shaping => options.Value.Shaping;

    public string DestinationOf(string domain) =>
        Shaping.ProviderGroups.FirstOrDefault(g => g.Value.Contains(domain, StringComparer.OrdinalIgnoreCase)).Key ?? domain.ToLowerInvariant();

    public static string BackoffKey(string destination) => $"sg:backoff:{{d:{destination}}}";

    private static string FailuresKey(string destination) => $"sg:tempfails:{{d:{destination}}}";

    /// <summary>The rule for a recipient domain: its destination's override, else the default.</summary>
    public ShapingRule RuleFor(string domain) => Shaping.Overrides.TryGetValue(DestinationOf(domain), out var rule) ? rule : Shaping.Default;

    /// <summary>How long a sending address must wait because its own per-minute budget is spent, or null (the attempt is counted).</summary>
    public async Task<TimeSpan?> DeferSourceAsync(string address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Shaping.Sources.TryGetValue(address, out var rule) || rule.MessagesPerMinute <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nextMinute = 60_000 - (now % 60_000);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Check,
            [$"sg:backoff:{{src:{address}}}", $"sg:rate:{{src:{address}}}:{now / 60_000}", $"sg:tempfails:{{src:{address}}}"], [rule.MessagesPerMinute, nextMinute]))!;
        var wait = (long)result[0];
        return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
    }

    /// <summary>
    /// How long a sending address must wait because its per-minute budget to <paramref name="provider"/> (the rules file's
    /// limit, or a throttle action's lower one) is spent, or null (the attempt is counted).
    /// </summary>
    public async Task<TimeSpan?> DeferProviderSourceAsync(string provider, string address, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nextMinute = 60_000 - (now % 60_000);
        var tag = $"{{ps:{provider}|{address}}}";
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Check,
            [$"sg:backoff:{tag}", $"sg:rate:{tag}:{now / 60_000}", $"sg:tempfails:{tag}"], [limit, nextMinute]))!;
        var wait = (long)result[0];
        return wait > 0 ? TimeSpan.FromMilliseconds(wait) : null;
    }

    /// <summary>
    /// How long to wait before trying <paramref name="domain"/> (null: go now; the attempt is counted), and whether
    /// temporary failures are being counted for it (pass that to <see cref="RecordAsync"/>).
    /// </summary>
    public async Task<(TimeSpan? Wait, bool FailuresCounted)> DeferAsync(string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var destination = DestinationOf(domain);
        var rule = RuleFor(domain);
        var now = time.GetUtcNow();
        var nextMinute = 60_000 - (now.ToUnixTimeMilliseconds() % 60_000);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Check,
            [BackoffKey(destination), $"sg:rate:{{d:{destination}}}:{now.ToUnixTimeMilliseconds() / 60_000}", FailuresKey(destination)],
            [rule.MessagesPerMinute, nextMinute]))!;
        var wait = (long)result[0];
        return (wait > 0 ? TimeSpan.FromMilliseconds(wait) : null, (long)result[1] > 0);
    }

    /// <summary>
    /// Feeds an attempt's outcome into the destination's back-off: a final outcome ends a run of temporary failures
    /// (when <paramref name="failuresCounted"/>, as <see cref="DeferAsync"/> saw), a temporary one extends it.
    /// </summary>
    public async Task RecordAsync(string domain, DeliveryOutcome outcome, bool failuresCounted, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var destination = DestinationOf(domain);
        var db = redis.GetDatabase();
        var failures = FailuresKey(destination);
        if (!outcome.Retry)
        {
            if (failuresCounted)
            {
                await db.KeyDeleteAsync(failures);
            }

            return;
        }

        if (outcome.Smtp?.Code == 421 && Shaping.BackoffAfter421 > TimeSpan.Zero)
        {
            await db.StringSetAsync(BackoffKey(destination), $"421 from {outcome.Smtp.Mx}", Shaping.BackoffAfter421);
            return;
        }

        var count = await db.StringIncrementAsync(failures);
        await db.KeyExpireAsync(failures, TimeSpan.FromHours(1));
        if (Shaping.TemporaryFailuresBeforeBackoff > 0 && count >= Shaping.TemporaryFailuresBeforeBackoff && Shaping.BackoffAfterTemporaryFailures > TimeSpan.Zero)
        {
            await db.StringSetAsync(BackoffKey(destination), $"{count} temporary failures in a row", Shaping.BackoffAfterTemporaryFailures);
            await db.KeyDeleteAsync(failures);
        }
    }

    /// <summary>The destination's current rest and its reason, for the queue views.</summary>
    public async Task<(TimeSpan Remaining, string Reason)?> BackoffAsync(string domain, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = BackoffKey(DestinationOf(domain));
        var db = redis.GetDatabase();
        var reason = await db.StringGetAsync(key);
        var ttl = await db.KeyTimeToLiveAsync(key);
        return reason.IsNull || ttl is null ? null : (ttl.Value, (string)reason!);
    }
}
