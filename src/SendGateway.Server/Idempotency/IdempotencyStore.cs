using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Idempotency;

/// <summary>
/// Idempotency keys in Redis for 24 h, scoped to the caller: the first request claims the key atomically
/// (SET NX, for <see cref="IdempotencyOptions.InProgressTtl"/>), later ones with the same key see the claim or the
/// stored response.
/// </summary>
internal sealed class IdempotencyStore(IConnectionMultiplexer redis, IOptions<IdempotencyOptions> options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Claims the key for this request; returns null when claimed, or what an earlier request left.</summary>
    public async Task<IdempotencyRecord?> ClaimAsync(string scope, string idempotencyKey, string fingerprint, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var key = IdempotencyKeys.Record(scope, idempotencyKey);
        if (await db.StringSetAsync(key, Serialize(new IdempotencyRecord(fingerprint, false)), options.Value.InProgressTtl, When.NotExists))
        {
            return null;
        }

        var existing = await db.StringGetAsync(key);
        return existing.IsNull ? new IdempotencyRecord(fingerprint, false) : JsonSerializer.Deserialize<IdempotencyRecord>((string)existing!);
    }

    private async Task CompleteAsync(string scope, string idempotencyKey, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().StringSetAsync(IdempotencyKeys.Record(scope, idempotencyKey), Serialize(record), Lifetime);
    }

    /// <summary>
    /// Ends a claim: keeps <paramref name="answer"/> for replay, or frees the key when there is none worth replaying (a
    /// failure that did nothing). When Redis cannot, nothing is thrown: the answer given stands, and the claim expires
    /// after <see cref="IdempotencyOptions.InProgressTtl"/>.
    /// </summary>
    public async Task FinishAsync(string scope, string idempotencyKey, IdempotencyRecord? answer, CancellationToken cancellationToken)
    {
        try
        {
            await (answer is null ? ReleaseAsync(scope, idempotencyKey) : CompleteAsync(scope, idempotencyKey, answer, cancellationToken));
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Expires by itself.
        }
    }

    /// <summary>Frees the key after a failure that did nothing (5xx), so the client's retry runs again.</summary>
    private async Task ReleaseAsync(string scope, string idempotencyKey) => await redis.GetDatabase().KeyDeleteAsync(IdempotencyKeys.Record(scope, idempotencyKey));

    /// <summary>Deletes the scope's stored responses whose text matches (an erased recipient's; all of a deleted tenant's).</summary>
    public async Task<long> EraseAsync(string scope, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        long erased = 0;
        foreach (var server in redis.GetEndPoints().Select(e => redis.GetServer(e)).Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(db.Database, IdempotencyKeys.ScopePattern(scope), pageSize: 1000).WithCancellation(cancellationToken))
            {
                var value = ((string?)await db.StringGetAsync(key))?.ToLowerInvariant();
                if (value is not null && matches(value) && await db.KeyDeleteAsync(key))
                {
                    erased++;
                }
            }
        }

        return erased;
    }

    private static string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record);
}
