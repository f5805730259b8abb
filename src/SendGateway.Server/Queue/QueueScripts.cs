namespace SendGateway.Server.Queue;

/// <summary>The Lua scripts that make each queue transition one atomic Redis call.</summary>
internal static class QueueScripts
{
    /// <summary>
    /// KEYS: per shard touched (body, stream, events, scheduled). ARGV[1] content, ARGV[2] body TTL ms, then per shard:
    /// n, then n × (entry, injected event, due ms or 0).
    /// </summary>
    public const string Enqueue = """
        local content, ttl, i = ARGV[1], ARGV[2], 3
        for s = 0, (#KEYS / 4) - 1 do
          local body, q, ev, sched = KEYS[s*4+1], KEYS[s*4+2], KEYS[s*4+3], KEYS[s*4+4]
          local n = tonumber(ARGV[i]); i = i + 1
          redis.call('HSET', body, 'c', content)
          redis.call('HINCRBY', body, 'r', n)
          redis.call('PEXPIRE', body, ttl)
          for k = 1, n do
            local due = tonumber(ARGV[i+2])
            if due > 0 then redis.call('ZADD', sched, due, ARGV[i]) else redis.call('XADD', q, '*', 'e', ARGV[i]) end
            redis.call('XADD', ev, '*', 'e', ARGV[i+1])
            i = i + 3
          end
        end
        return 1
        """;

    /// <summary>
    /// Records an attempt's outcome: KEYS stream, events, scheduled, body, delivered marker. ARGV stream id, event,
    /// retry entry ('' for a final outcome), retry due ms, 1 when delivered, marker TTL ms.
    /// </summary>
    public const string Complete = """
        redis.call('XADD', KEYS[2], '*', 'e', ARGV[2])
        if ARGV[3] ~= '' then
          redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
        else
          if redis.call('HINCRBY', KEYS[4], 'r', -1) <= 0 then redis.call('DEL', KEYS[4]) end
        end
        if ARGV[5] == '1' then redis.call('SET', KEYS[5], '1', 'PX', ARGV[6]) end
        redis.call('XACK', KEYS[1], 'delivery', ARGV[1])
        redis.call('XDEL', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>Moves due scheduled entries back to the stream. KEYS scheduled, stream. ARGV now ms, max.</summary>
    public const string MoveDue = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, entry in ipairs(due) do
          redis.call('ZREM', KEYS[1], entry)
          redis.call('XADD', KEYS[2], '*', 'e', entry)
        end
        return #due
        """;
}
