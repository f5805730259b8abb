using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Streams;

/// <summary>
/// <c>message_streams</c>: the built-in streams (a row only once the tenant changed one) and the tenant's own. The
/// accept path reads a stream through a short cache (<see cref="StreamsOptions.CacheTime"/>); a save clears this node's
/// entry at once. While PostgreSQL cannot answer, the last value this node read is used (a built-in stream never read
/// has its defaults), so accepting mail does not depend on PostgreSQL being up (reliability.md T44).
/// </summary>
internal sealed class StreamStore(TenantDataSource tenantData, IMemoryCache cache, IOptions<StreamsOptions> options)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string TenantId, string Id), MessageStream> _lastKnown = new();

    private const string Columns = "id, name, kind, id IN ('transactional', 'broadcast') AS built_in, unsubscribe, track_opens, track_clicks, ip_pool, created_at, updated_at";

    /// <summary>Every stream of the tenant: the two built-in ones first, then its own by id.</summary>
    public async Task<IReadOnlyList<MessageStream>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = (await connection.QueryAsync<MessageStream>(new CommandDefinition(
            $"SELECT {Columns} FROM message_streams WHERE tenant_id = @tenantId ORDER BY id", new { tenantId }, cancellationToken: cancellationToken))).ToDictionary(s => s.Id);
        return [.. StreamKinds.All.Select(id => rows.GetValueOrDefault(id) ?? MessageStream.Default(id)), .. rows.Values.Where(s => !s.BuiltIn)];
    }

    /// <summary>The stream, or null when the tenant has none of that id.</summary>
    public async Task<MessageStream?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageStream>(new CommandDefinition(
            $"SELECT {Columns} FROM message_streams WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
        return row ?? (StreamKinds.IsBuiltIn(id) ? MessageStream.Default(id) : null);
    }

    /// <summary><see cref="FindAsync"/> through this node's cache: what accepting a message reads.</summary>
    public async ValueTask<MessageStream?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (options.Value.CacheTime <= TimeSpan.Zero)
        {
            return await ReadAsync(tenantId, id, cancellationToken);
        }

        return await cache.GetOrCreateAsync(Key(tenantId, id), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.CacheTime;
            entry.Size = 1;
            return await ReadAsync(tenantId, id, cancellationToken);
        });
    }

    private async Task<MessageStream?> ReadAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await FindAsync(tenantId, id, cancellationToken);
            if (stream is not null)
            {
                _lastKnown[(tenantId, id)] = stream; // existing streams only: ids a client makes up are not remembered (bounded by MaxPerTenant)
            }
            else
            {
                _lastKnown.TryRemove((tenantId, id), out _);
            }

            return stream;
        }
        catch (Npgsql.NpgsqlException) when (_lastKnown.TryGetValue((tenantId, id), out var stale) || StreamKinds.IsBuiltIn(id))
        {
            return stale ?? MessageStream.Default(id);
        }
    }

    public async Task<int> CountOwnAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM message_streams WHERE tenant_id = @tenantId AND id NOT IN ('transactional', 'broadcast')", new { tenantId }, cancellationToken: cancellationToken));
    }

    /// <summary>Creates or replaces the stream's row; false when <paramref name="create"/> and the id is taken.</summary>
    public async Task<MessageStream?> SaveAsync(string tenantId, MessageStream stream, bool create, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var saved = await connection.QuerySingleOrDefaultAsync<MessageStream>(new CommandDefinition(
            $"""
            INSERT INTO message_streams (tenant_id, id, name, kind, unsubscribe, track_opens, track_clicks, ip_pool)
            VALUES (@tenantId, @Id, @Name, @Kind, @Unsubscribe, @TrackOpens, @TrackClicks, @IpPool)
            ON CONFLICT (tenant_id, id) DO {(create ? "NOTHING" : """
                UPDATE SET name = excluded.name, kind = excluded.kind, unsubscribe = excluded.unsubscribe, track_opens = excluded.track_opens,
                           track_clicks = excluded.track_clicks, ip_pool = excluded.ip_pool, updated_at = now()
                """)}
            RETURNING {Columns}
            """,
            new { tenantId, stream.Id, stream.Name, stream.Kind, stream.Unsubscribe, stream.TrackOpens, stream.TrackClicks, stream.IpPool }, cancellationToken: cancellationToken));
        cache.Remove(Key(tenantId, stream.Id));
        _lastKnown.TryRemove((tenantId, stream.Id), out _);
        return saved;
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM message_streams WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken)) > 0;
        cache.Remove(Key(tenantId, id));
        _lastKnown.TryRemove((tenantId, id), out _);
        return deleted;
    }

    private static string Key(string tenantId, string id) => $"stream:{tenantId}:{id}";
}
