using System.Globalization;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery.Shaping.Actions;

/// <summary>
/// The shaping actions in Redis, shared by the nodes: one hash per (provider, source address, kind) that expires at the
/// action's end (PEXPIREAT), and an index sorted by end time (bounded by <see cref="ShapingActionsOptions.MaxActions"/>;
/// ended members are trimmed when an action starts and skipped when listing). Every key carries the hash tag
/// <c>{shaping}</c>, so each script's keys share one cluster slot.
/// </summary>
internal sealed class ShapingActionStore(IConnectionMultiplexer redis)
{
    private const string Index = "sg:shaping:{shaping}:index";

    // KEYS index, action. ARGV member, id, provider, source, rule, kind, limit, code, enhanced, text, mx, now (ms), until (ms), max.
    // Returns {1 started | 2 extended | 0 unchanged (one in effect lasts longer) | -1 refused (full), the action's fields}.
    private const string Start = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[12])
        local untilMs = tonumber(ARGV[13])
        local state = 1
        if redis.call('EXISTS', KEYS[2]) == 1 then
          if tonumber(redis.call('HGET', KEYS[2], 'until')) >= untilMs then
            return {0, redis.call('HGETALL', KEYS[2])}
          end
          state = 2
        else
          if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[14]) then
            return {-1, {}}
          end
          redis.call('HSET', KEYS[2], 'id', ARGV[2], 'provider', ARGV[3], 'source', ARGV[4], 'since', ARGV[12])
        end
        redis.call('HSET', KEYS[2], 'rule', ARGV[5], 'kind', ARGV[6], 'limit', ARGV[7], 'code', ARGV[8], 'enhanced', ARGV[9],
          'text', ARGV[10], 'mx', ARGV[11], 'until', ARGV[13])
        redis.call('PEXPIREAT', KEYS[2], untilMs)
        redis.call('ZADD', KEYS[1], untilMs, ARGV[1])
        return {state, redis.call('HGETALL', KEYS[2])}
        """;

    // KEYS index, action. ARGV member, id. Removes the action only if it is still the one with that id.
    private const string Cancel = """
        if redis.call('HGET', KEYS[2], 'id') ~= ARGV[2] then
          return 0
        end
        redis.call('DEL', KEYS[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>Starts the action, or extends the one in effect for its provider, address and kind (keeping its id and start).</summary>
    public async Task<(ShapingActionStart Result, ShapingAction? Action)> StartAsync(ShapingAction action, int maxActions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var member = MemberOf(action.Provider, action.SourceAddress, action.Kind);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Start, [Index, KeyOf(member)],
        [
            member, action.Id, action.Provider, action.SourceAddress, action.Rule, action.Kind, Text(action.ThrottlePerMinute),
            Text(action.Reply.Code), action.Reply.EnhancedCode ?? string.Empty, action.Reply.Text, action.Reply.Mx ?? string.Empty,
            action.Since.ToUnixTimeMilliseconds(), action.Until.ToUnixTimeMilliseconds(), maxActions,
        ]))!;
        var state = (ShapingActionStart)(int)result[0];
        return (state, state == ShapingActionStart.Refused ? null : Parse((RedisResult[])result[1]!));
    }

    /// <summary>Every action in effect at <paramref name="now"/> (at most <paramref name="max"/>, the soonest to end first).</summary>
    public async Task<IReadOnlyList<ShapingAction>> ListAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var members = await db.SortedSetRangeByScoreAsync(Index, now.ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start, take: max);
        var hashes = await Task.WhenAll(members.Select(m => db.HashGetAllAsync(KeyOf(m.ToString())))); // pipelined on the multiplexer
        return [.. hashes.Where(h => h.Length > 0).Select(h => Parse(h.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString())))];
    }

    /// <summary>Removes <paramref name="action"/> if it is still in effect under its id; false when it ended or was replaced.</summary>
    public async Task<bool> CancelAsync(ShapingAction action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var member = MemberOf(action.Provider, action.SourceAddress, action.Kind);
        return (long)(await redis.GetDatabase().ScriptEvaluateAsync(Cancel, [Index, KeyOf(member)], [member, action.Id])) == 1;
    }

    private static string MemberOf(string provider, string source, string kind) => $"{provider}|{source}|{kind}";

    private static string KeyOf(string member) => $"sg:shaping:{{shaping}}:a:{member}";

    private static string Text(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static ShapingAction Parse(RedisResult[] pairs)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            fields[pairs[i].ToString()] = pairs[i + 1].ToString();
        }

        return Parse(fields);
    }

    private static ShapingAction Parse(Dictionary<string, string> f)
    {
        static int? Number(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        static string? Optional(string? s) => string.IsNullOrEmpty(s) ? null : s;
        static DateTimeOffset Time(string s) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(s, CultureInfo.InvariantCulture));
        return new ShapingAction(
            f["id"], f["provider"], f["source"], f["rule"], f["kind"], Number(f.GetValueOrDefault("limit")),
            new ShapingActionReply(Number(f.GetValueOrDefault("code")), Optional(f.GetValueOrDefault("enhanced")), f.GetValueOrDefault("text") ?? string.Empty,
                Optional(f.GetValueOrDefault("mx"))),
            Time(f["since"]), Time(f["until"]));
    }
}
