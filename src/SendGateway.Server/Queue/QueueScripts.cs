namespace SendGateway.Server.Queue;

/// <summary>The Lua scripts that make each queue transition one atomic Redis call.</summary>
internal static class QueueScripts
{
    /// <summary>
    /// KEYS: r held records (<see cref="HeldRecord"/>), then per shard touched (body, stream, events, scheduled, scheduled
    /// index, then each message's accepted record). ARGV[1] content, ARGV[2] body TTL ms, ARGV[3] raw MIME or '', ARGV[4]
    /// accepted record TTL ms, ARGV[5] '1' to return what was written, ARGV[6] r, then r × (value, TTL ms), then per shard:
    /// n, then n × (entry, injected event, due ms or 0, message id). The accepted record holds the injected event's stream
    /// id. Returns 1, or per entry its stream id ('' when scheduled) and its event's id (for <see cref="RollBack"/>).
    /// </summary>
    /// <summary>
    /// An entry handed over to another lane's shard (<c>Delivery/LaneHandOver</c>): KEYS body, stream of that shard. ARGV
    /// content, mime ('' for none), body ttl ms, entry. Stores the batch's body there (one more share) and queues the entry.
    /// </summary>
    public const string HandOver = """
        redis.call('HSET', KEYS[1], 'c', ARGV[1])
        if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'm', ARGV[2]) end
        redis.call('HINCRBY', KEYS[1], 'r', 1)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('XADD', KEYS[2], '*', 'e', ARGV[4])
        """;

    public const string Enqueue = """
        local content, ttl, mime, accepted, r = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
        for h = 1, r do redis.call('SET', KEYS[h], ARGV[5 + h * 2], 'PX', ARGV[6 + h * 2]) end
        local i, k = 7 + r * 2, 1 + r
        local ids = ARGV[5] == '1' and {} or nil
        while i <= #ARGV do
          local body, q, ev, sched, idx = KEYS[k], KEYS[k+1], KEYS[k+2], KEYS[k+3], KEYS[k+4]
          k = k + 5
          local n = tonumber(ARGV[i]); i = i + 1
          redis.call('HSET', body, 'c', content)
          if mime ~= '' then redis.call('HSET', body, 'm', mime) end
          redis.call('HINCRBY', body, 'r', n)
          redis.call('PEXPIRE', body, ttl)
          for m = 1, n do
            local due = tonumber(ARGV[i+2])
            local sid = ''
            if due > 0 then
              redis.call('ZADD', sched, due, ARGV[i])
              redis.call('HSET', idx, ARGV[i+3], ARGV[i])
            else
              sid = redis.call('XADD', q, '*', 'e', ARGV[i])
            end
            local eid = redis.call('XADD', ev, '*', 'e', ARGV[i+1])
            redis.call('SET', KEYS[k], eid, 'PX', accepted)
            k = k + 1
            if ids then ids[#ids + 1] = sid; ids[#ids + 1] = eid end
            i = i + 4
          end
        end
        return ids or 1
        """;

    /// <summary>
    /// Undoes one shard's part of a batch whose other part failed (T30; <see cref="EnqueueRollback"/>). KEYS body, stream,
    /// events, scheduled, scheduled index, then each entry's accepted record. ARGV per entry: stream id ('' when
    /// scheduled), event id, entry, message id, a <c>dropped</c> event. Each entry leaves the stream or the schedule; its <c>injected</c> event leaves the event
    /// stream, or, when the ingester has already read it, the <c>dropped</c> event follows it so the message ends.
    /// </summary>
    public const string RollBack = """
        for i = 1, #ARGV, 5 do
          redis.call('DEL', KEYS[6 + (i - 1) / 5])
          if ARGV[i] ~= '' then
            redis.call('XDEL', KEYS[2], ARGV[i])
          else
            redis.call('ZREM', KEYS[4], ARGV[i+2])
            redis.call('HDEL', KEYS[5], ARGV[i+3])
          end
          local held = redis.pcall('XPENDING', KEYS[3], 'ingest', ARGV[i+1], ARGV[i+1], 1)
          local read = type(held) == 'table' and held.err == nil and #held > 0
          if redis.call('XDEL', KEYS[3], ARGV[i+1]) == 0 or read then
            redis.call('XADD', KEYS[3], '*', 'e', ARGV[i+4])
          end
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    /// <summary>
    /// A message's first event that comes with no queue entry (dropped at accept) and its accepted record, as
    /// <see cref="Enqueue"/> writes them. KEYS event stream, accepted record. ARGV event, record TTL ms.
    /// </summary>
    public const string AppendFirst = """
        redis.call('SET', KEYS[2], redis.call('XADD', KEYS[1], '*', 'e', ARGV[1]), 'PX', ARGV[2])
        return 1
        """;

    /// <summary>
    /// Cancels a scheduled send that is still waiting. KEYS scheduled, scheduled index, events, body. ARGV message id,
    /// the <c>dropped</c> event. Returns 0 when the message is no longer waiting (already due, sent or cancelled).
    /// </summary>
    public const string Cancel = """
        local entry = redis.call('HGET', KEYS[2], ARGV[1])
        if not entry then return 0 end
        redis.call('ZREM', KEYS[1], entry)
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('XADD', KEYS[3], '*', 'e', ARGV[2])
        if redis.call('HINCRBY', KEYS[4], 'r', -1) <= 0 then redis.call('DEL', KEYS[4]) end
        return 1
        """;

    /// <summary>
    /// Records the outcomes of attempts on one shard (<see cref="ShardCompletions"/>): KEYS stream, events, scheduled, then
    /// per outcome its body and delivered journal. ARGV per outcome: stream id, retry entry ('' for a final outcome), retry
    /// due ms, n, then its n events to append. Each appends its events, schedules its retry or releases its share of the
    /// body, drops its journal and is acknowledged and deleted from the stream. An outcome whose stream entry is no longer
    /// pending (another consumer, or an earlier call whose reply was lost, already completed it) is skipped whole: the
    /// first completion of an entry is the only one recorded, so a retried or taken-over completion never adds a second
    /// final event.
    /// </summary>
    public const string Complete = """
        local a, ids = 1, {}
        for k = 0, (#KEYS - 3) / 2 - 1 do
          local body, n = KEYS[4 + k * 2], tonumber(ARGV[a + 3])
          if redis.call('XACK', KEYS[1], 'delivery', ARGV[a]) == 1 then
            for i = a + 4, a + 3 + n do redis.call('XADD', KEYS[2], '*', 'e', ARGV[i]) end
            if ARGV[a + 1] ~= '' then
              redis.call('ZADD', KEYS[3], ARGV[a + 2], ARGV[a + 1])
            elseif redis.call('HINCRBY', body, 'r', -1) <= 0 then
              redis.call('DEL', body)
            end
            redis.call('DEL', KEYS[5 + k * 2])
          end
          ids[#ids + 1] = ARGV[a]
          a = a + 4 + n
        end
        redis.call('XDEL', KEYS[1], unpack(ids))
        return 1
        """;

    /// <summary>Moves due scheduled entries back to the stream (and out of the cancel index). KEYS scheduled, stream, index. ARGV now ms, max.</summary>
    public const string MoveDue = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, entry in ipairs(due) do
          redis.call('ZREM', KEYS[1], entry)
          redis.call('HDEL', KEYS[3], cjson.decode(entry)['id'])
          redis.call('XADD', KEYS[2], '*', 'e', entry)
        end
        return #due
        """;
}
