namespace SendGateway.Server.TlsReports;

/// <summary>The Lua scripts of the counts; each touches the keys of one slot only (Redis Cluster).</summary>
internal static class TlsReportScripts
{
    /// <summary>
    /// KEYS: the day's domain set. ARGV: domain, the most domains, TTL ms. 1 when the domain is (now) counted for the
    /// day, 0 when the day is full.
    /// </summary>
    public const string Admit = """
        if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
        if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS[1] meta, KEYS[2] counts. ARGV: policy key, policy JSON, failure key ('' for a success), failure JSON, the most
    /// policies, the most failure details per policy, TTL ms. Counts the session under its policy (<c>key|s</c> or
    /// <c>key|f</c>) and its failure detail (<c>key|d|failure</c>) while the bounds allow.
    /// </summary>
    public const string Count = """
        local policy = 'p:' .. ARGV[1]
        if redis.call('HEXISTS', KEYS[1], policy) == 0 then
          if tonumber(redis.call('HGET', KEYS[2], 'policies') or '0') >= tonumber(ARGV[5]) then return 0 end
          redis.call('HINCRBY', KEYS[2], 'policies', 1)
          redis.call('HSET', KEYS[1], policy, ARGV[2])
        end
        if ARGV[3] == '' then
          redis.call('HINCRBY', KEYS[2], ARGV[1] .. '|s', 1)
        else
          redis.call('HINCRBY', KEYS[2], ARGV[1] .. '|f', 1)
          local detail = ARGV[1] .. '|d|' .. ARGV[3]
          if redis.call('HEXISTS', KEYS[2], detail) == 1 then
            redis.call('HINCRBY', KEYS[2], detail, 1)
          elseif tonumber(redis.call('HGET', KEYS[2], ARGV[1] .. '|n') or '0') < tonumber(ARGV[6]) then
            redis.call('HINCRBY', KEYS[2], ARGV[1] .. '|n', 1)
            redis.call('HSETNX', KEYS[1], 'd:' .. ARGV[3], ARGV[4])
            redis.call('HINCRBY', KEYS[2], detail, 1)
          end
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        redis.call('PEXPIRE', KEYS[2], ARGV[7])
        return 1
        """;
}
