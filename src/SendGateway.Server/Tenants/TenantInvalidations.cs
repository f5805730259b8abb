using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Makes a change to a tenant's access (suspended or resumed, an SMTP credential revoked) take effect at once on every
/// node: the changing node publishes the tenant id and every node listening drops its cached tenant row and every cached
/// login of that tenant (API key rows, relay logins), which are then re-read and found suspended or gone. While Redis
/// cannot be reached, the change reaches another node when its cache entries expire (30 s for keys, 1 min for relay logins).
/// </summary>
internal sealed class TenantInvalidations(
    IConnectionMultiplexer redis, CachedTenants tenants, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<TenantInvalidations> logger)
    : NodeBroadcast("Tenant changes", "sg:tenants:changed", redis, logger, resilience, time)
{
    // One source per tenant with cached logins on this node (as many as tenants at most), replaced at each change.
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tokens = new(StringComparer.Ordinal);
    private long _epoch;

    /// <summary>Read before a store read whose result will be cached, and pass it to <see cref="Attach"/>.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    public Task ChangedAsync(string tenantId, CancellationToken cancellationToken) => BroadcastAsync(tenantId, cancellationToken);

    /// <summary>
    /// Ties a cache entry of the tenant's to its next change; when a change arrived while the entry's row was being read
    /// (<paramref name="epochBeforeRead"/> is past), the row may predate it and the entry expires at once.
    /// </summary>
    public void Attach(ICacheEntry entry, string tenantId, long epochBeforeRead) =>
        entry.ExpirationTokens.Add(TokenFor(tenantId, epochBeforeRead));

    /// <inheritdoc cref="Attach(ICacheEntry, string, long)"/>
    public void Attach(MemoryCacheEntryOptions entry, string tenantId, long epochBeforeRead) =>
        entry.ExpirationTokens.Add(TokenFor(tenantId, epochBeforeRead));

    protected override void Apply(string value)
    {
        Interlocked.Increment(ref _epoch); // before the token goes, so an Attach racing this sees one or the other
        tenants.Forget(value);
        if (_tokens.TryRemove(value, out var source))
        {
            source.Cancel(); // not disposed: an Attach racing this may still read its token, which is then cancelled
        }
    }

    private IChangeToken TokenFor(string tenantId, long epochBeforeRead)
    {
        var token = new CancellationChangeToken(_tokens.GetOrAdd(tenantId, _ => new CancellationTokenSource()).Token);
        return Epoch == epochBeforeRead ? token : new CancellationChangeToken(new CancellationToken(canceled: true));
    }
}
