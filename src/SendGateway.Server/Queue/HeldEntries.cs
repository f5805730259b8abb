using System.Text.Json;
using StackExchange.Redis;

namespace SendGateway.Server.Queue;

/// <summary>
/// Releases held mail (<see cref="QueueEntry.HoldKey"/>): every scheduled entry a key holds is made due now, so the
/// schedule worker hands it to delivery at once (a resumed tenant, a cancelled shaping action, a lifted queue control).
/// Each shard's schedule is walked in chunks of <see cref="Chunk"/> by rank, one short script per chunk, so Redis is never
/// blocked for long; an entry moved to the front shifts only ranks already walked.
/// </summary>
internal sealed class HeldEntries(IConnectionMultiplexer redis, OutboundQueue queue, TimeProvider time)
{
    private const int Chunk = 1000;

    // KEYS schedule. ARGV marker, first rank, count, now (ms). Returns {members made due, members looked at}.
    private const string Release = """
        local members = redis.call('ZRANGE', KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[2]) + tonumber(ARGV[3]) - 1)
        local released = 0
        for _, member in ipairs(members) do
          if string.find(member, ARGV[1], 1, true) then
            redis.call('ZADD', KEYS[1], 'XX', tonumber(ARGV[4]), member)
            released = released + 1
          end
        end
        return {released, #members}
        """;

    /// <summary>Makes every scheduled entry held by <paramref name="holdKey"/> due now; returns how many.</summary>
    public async Task<long> ReleaseAsync(string holdKey, CancellationToken cancellationToken)
    {
        var marker = $"\"hold_key\":\"{JsonEncodedText.Encode(holdKey)}\"";
        var db = redis.GetDatabase();
        long released = 0;
        for (var shard = 0; shard < queue.Shards; shard++)
        {
            for (var start = 0L; ; start += Chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(Release, [QueueKeys.Scheduled(shard)],
                    [marker, start, Chunk, time.GetUtcNow().ToUnixTimeMilliseconds()]))!;
                released += (long)result[0];
                if ((long)result[1] < Chunk)
                {
                    break;
                }
            }
        }

        return released;
    }
}
