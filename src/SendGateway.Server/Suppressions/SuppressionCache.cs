using StackExchange.Redis;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// A Redis mirror of each tenant's active suppression keys (hash <c>sg:sup:{t:&lt;tenant&gt;}</c>: key → expiry in Unix ms,
/// 0 = for ever), so the accept path checks a batch's recipients in one Redis round trip instead of a PostgreSQL query.
/// PostgreSQL stays the source of truth. Writers keep the mirror on the safe side: an entry is mirrored before (or in the
/// same transaction as) its row is stored and unmirrored after its row is deleted, so a failure in between can only
/// suppress too much, never too little; <see cref="RebuildAsync"/> re-syncs a tenant from PostgreSQL.
/// </summary>
internal sealed class SuppressionCache(IConnectionMultiplexer redis, TimeProvider time)
{
    private const int Chunk = 1000;

    public static string Key(string tenantId) => $"sg:sup:{{t:{tenantId}}}";

    /// <summary>Which of <paramref name="keys"/> are listed and not expired.</summary>
    public async Task<HashSet<string>> FindListedAsync(string tenantId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(Key(tenantId), [.. keys.Select(k => (RedisValue)k)]);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            if (!values[i].IsNull && ((long)values[i] == 0 || (long)values[i] > now))
            {
                listed.Add(keys[i]);
            }
        }

        return listed;
    }

    /// <summary>Mirrors entries by field: the key for an entry of every kind, <see cref="SuppressionKeys.ScopedField"/> for one kind.</summary>
    public async Task SetAsync(string tenantId, IEnumerable<(string Email, DateTimeOffset? ExpiresAt)> entries, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var chunk in entries.Chunk(Chunk))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await db.HashSetAsync(Key(tenantId), [.. chunk.Select(e => new HashEntry(e.Email, e.ExpiresAt?.ToUnixTimeMilliseconds() ?? 0))]);
        }
    }

    /// <summary>Removes the entry of <paramref name="email"/> (an address or <c>@domain</c>) for every kind.</summary>
    public async Task RemoveAsync(string tenantId, string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().HashDeleteAsync(Key(tenantId), [.. SuppressionKeys.AllScopes(email).Select(f => (RedisValue)f)]);
    }

    /// <summary>Drops a tenant's whole mirror (its deletion).</summary>
    public async Task DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().KeyDeleteAsync(Key(tenantId));
    }

    public async Task<long> CountAsync(string tenantId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().HashLengthAsync(Key(tenantId));
    }

    /// <summary>Replaces a tenant's mirror with <paramref name="entries"/> (built aside, then renamed into place).</summary>
    public async Task RebuildAsync(string tenantId, IAsyncEnumerable<Suppression> entries, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var staging = Key(tenantId) + ":rebuild";
        await db.KeyDeleteAsync(staging);
        var batch = new List<HashEntry>(Chunk);
        var any = false;
        await foreach (var s in entries.WithCancellation(cancellationToken))
        {
            batch.Add(new HashEntry(SuppressionKeys.Field(s.Email, s.Scope), s.ExpiresAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : 0));
            if (batch.Count == Chunk)
            {
                await db.HashSetAsync(staging, [.. batch]);
                batch.Clear();
                any = true;
            }
        }

        if (batch.Count > 0)
        {
            await db.HashSetAsync(staging, [.. batch]);
            any = true;
        }

        if (any)
        {
            await db.KeyRenameAsync(staging, Key(tenantId));
        }
        else
        {
            await db.KeyDeleteAsync(Key(tenantId));
        }
    }
}
