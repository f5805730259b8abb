using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Idempotency;

/// <summary>
/// Idempotency keys in Redis for 24 h, scoped to the caller: the first request claims the key atomically
/// (SET NX, for <see cref="IdempotencyOptions.InProgressTtl"/>), later ones with the same key see the claim or the
/// stored response. A stored response's body is sealed with the master key (<see cref="SecretBox"/>): it may hold a
/// secret issued once (an API key, an SMTP password, a webhook secret), which must not rest in Redis as text (reliability.md T34).
/// </summary>
internal sealed class IdempotencyStore(IConnectionMultiplexer redis, IOptions<IdempotencyOptions> options, SecretBox box)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Marks a sealed body; a body without it was stored before bodies were sealed (kept for 24 h at most).</summary>
    private const string SealedPrefix = "sealed:";
    private const string Purpose = "idempotency-response";

    /// <summary>KEYS the record: deleted while it is a claim (<c>"Done":false</c>, as <see cref="Serialize"/> writes it).</summary>
    private const string ReleaseClaim = """
        local v = redis.call('GET', KEYS[1])
        if v and string.find(v, '"Done":false', 1, true) then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

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
        return existing.IsNull ? new IdempotencyRecord(fingerprint, false) : Deserialize(existing!);
    }

    /// <summary>
    /// The Redis key and value that finish a claim with <paramref name="answer"/>, for a caller that writes them with its own
    /// durable write (the enqueue's script, reliability.md T82): a process killed after that write leaves the answer, not
    /// a claim that frees itself and lets a resend run again. Kept for <see cref="Lifetime"/>.
    /// </summary>
    public (string Key, string Value) Prepare(string scope, string idempotencyKey, IdempotencyRecord answer) =>
        (IdempotencyKeys.Record(scope, idempotencyKey), Serialize(answer));

    /// <summary>The id a keyed enqueue's markers are named by (<see cref="Queue.EnqueueMarker"/>): a hash of the record's key, so neither the key nor the scope shows.</summary>
    public static string OnceId(string scope, string idempotencyKey) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(IdempotencyKeys.Record(scope, idempotencyKey))), 0, 16);

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

    /// <summary>
    /// Frees the key after a failure that did nothing (5xx), so the client's retry runs again; only a claim: an answer written
    /// with the queue write (<see cref="Prepare"/>) stays, as a failure after a write that landed (its reply lost) did something.
    /// </summary>
    private async Task ReleaseAsync(string scope, string idempotencyKey) =>
        await redis.GetDatabase().ScriptEvaluateAsync(ReleaseClaim, [IdempotencyKeys.Record(scope, idempotencyKey)]);

    /// <summary>Deletes the scope's stored responses whose text matches (an erased recipient's; all of a deleted tenant's).</summary>
    public async Task<long> EraseAsync(string scope, Func<string, bool> matches, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        long erased = 0;
        foreach (var server in redis.GetEndPoints().Select(e => redis.GetServer(e)).Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(db.Database, IdempotencyKeys.ScopePattern(scope), pageSize: 1000).WithCancellation(cancellationToken))
            {
                var stored = await db.StringGetAsync(key);
                var value = stored.IsNull ? null : JsonSerializer.Serialize(Deserialize(stored!)).ToLowerInvariant(); // matched as the body reads, not sealed
                if (value is not null && matches(value) && await db.KeyDeleteAsync(key))
                {
                    erased++;
                }
            }
        }

        return erased;
    }

    private string Serialize(IdempotencyRecord record) => JsonSerializer.Serialize(record.Body is null
        ? record
        : record with { Body = SealedPrefix + Convert.ToBase64String(box.Seal(System.Text.Encoding.UTF8.GetBytes(record.Body), Purpose)) });

    private IdempotencyRecord Deserialize(string stored)
    {
        var record = JsonSerializer.Deserialize<IdempotencyRecord>(stored)!;
        return record.Body?.StartsWith(SealedPrefix, StringComparison.Ordinal) == true
            ? record with { Body = System.Text.Encoding.UTF8.GetString(box.Open(Convert.FromBase64String(record.Body[SealedPrefix.Length..]), Purpose)) }
            : record;
    }
}
