namespace SendGateway.Server.Queue;

/// <summary>The dead-letter moves as Lua (one atomic call each; every key of a call shares the shard's hash tag).</summary>
internal static class DeadLetterScripts
{
    /// <summary>
    /// KEYS: source stream, dead-letter stream, event stream. ARGV: group, entry id, source name, reason, time (ms),
    /// replacement of the entry's <c>e</c> field (empty: kept as it is), the <c>dropped</c> event to append (empty: none).
    /// Copies the entry's fields behind <c>dl:</c> metadata, appends the event, then acknowledges and deletes the entry;
    /// never trims the dead letters (operators are alerted past the cap instead). Returns the dead-letter stream's
    /// length, or 0 when the entry is gone already (and then appends nothing).
    /// </summary>
    public const string Move = """
        local e = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
        if #e == 0 then
          redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
          return 0
        end
        local f = e[1][2]
        if ARGV[6] ~= '' then
          for i = 1, #f, 2 do
            if f[i] == 'e' then f[i + 1] = ARGV[6] end
          end
        end
        redis.call('XADD', KEYS[2], '*', 'dl:source', ARGV[3], 'dl:stream_id', ARGV[2], 'dl:reason', ARGV[4], 'dl:at', ARGV[5], unpack(f))
        if ARGV[7] ~= '' then
          redis.call('XADD', KEYS[3], '*', 'e', ARGV[7])
        end
        redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        redis.call('XDEL', KEYS[1], ARGV[2])
        return redis.call('XLEN', KEYS[2])
        """;

    /// <summary>
    /// KEYS: dead-letter stream, queue stream, event stream. ARGV: dead-letter id. Appends the original fields to the
    /// stream the entry came from and deletes the dead letter; returns the new entry id, or nil when there is none.
    /// </summary>
    public const string Replay = """
        local e = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
        if #e == 0 then return false end
        local f = e[1][2]
        local source = 'queue'
        local out = {}
        for i = 1, #f, 2 do
          if f[i] == 'dl:source' then source = f[i + 1]
          elseif string.sub(f[i], 1, 3) ~= 'dl:' then out[#out + 1] = f[i]; out[#out + 1] = f[i + 1] end
        end
        if #out == 0 then out = {'e', ''} end
        local target = KEYS[2]
        if source == 'events' then target = KEYS[3] end
        local id = redis.call('XADD', target, '*', unpack(out))
        redis.call('XDEL', KEYS[1], ARGV[1])
        return id
        """;
}
