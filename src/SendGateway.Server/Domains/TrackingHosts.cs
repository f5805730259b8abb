using System.Collections.Frozen;

namespace SendGateway.Server.Domains;

/// <summary>
/// The verified tracking hosts of every tenant, held in memory so the public tracking endpoints read no database:
/// reloaded every <see cref="ITrackingHost.HostRefresh"/> in the background (a request never waits for it),
/// and at once on this process when a domain is verified or removed. Delivery waits for a stale list to load, so a
/// message sent just after its domain's tracking host was verified here gets links on it.
/// </summary>
internal sealed class TrackingHosts(DomainStore store, ITrackingHost options, TimeProvider time, ILogger<TrackingHosts> logger)
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot _current = new(FrozenDictionary<string, string[]>.Empty, DateTimeOffset.MinValue);

    /// <summary>The tracking host of the tenant's sender domain when it is verified, else null (links use <c>Tracking:BaseUrl</c>).</summary>
    public async ValueTask<string?> HostForAsync(string tenantId, string domain, CancellationToken cancellationToken)
    {
        if (IsStale(_current))
        {
            try
            {
                await LoadAsync(cancellationToken);
            }
            catch (Exception e) when (Storage.Outage.IsTransient(e))
            {
                // Delivery goes on with the last list (links on the shared host at worst); the next try in a few seconds.
                DomainsLog.TrackingHostsNotLoaded(logger, e.GetType().Name);
                _current = _current with { LoadedAt = time.GetUtcNow() - options.HostRefresh + RetryAfterFailure };
            }
        }

        var host = $"{options.Subdomain}.{domain}";
        return _current.Tenants.TryGetValue(host, out var tenants) && tenants.Contains(tenantId, StringComparer.Ordinal) ? host : null;
    }

    /// <summary>
    /// Whether <paramref name="host"/> is a verified tracking host of tenants other than <paramref name="tenantId"/>
    /// (a request there for this tenant's token is refused). Any other host (the base URL's, an address) is not.
    /// </summary>
    public bool IsAnotherTenants(string host, string tenantId)
    {
        var snapshot = _current;
        if (IsStale(snapshot) && _loading.CurrentCount > 0)
        {
            _ = RefreshInBackgroundAsync();
        }

        return snapshot.Tenants.TryGetValue(host.ToLowerInvariant(), out var tenants) && !tenants.Contains(tenantId, StringComparer.Ordinal);
    }

    /// <summary>A domain was verified or removed here: the next use reloads.</summary>
    public void Invalidate() => _current = _current with { LoadedAt = DateTimeOffset.MinValue };

    private bool IsStale(Snapshot snapshot) => time.GetUtcNow() - snapshot.LoadedAt >= options.HostRefresh;

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            DomainsLog.TrackingHostsNotLoaded(logger, e.GetType().Name); // the last list stays in use; nobody awaits this task
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (!IsStale(_current))
            {
                return;
            }

            var rows = await store.TrackingDomainsAsync(cancellationToken);
            var tenants = rows.GroupBy(r => $"{options.Subdomain}.{r.Name}", StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.Select(r => r.TenantId).ToArray(), StringComparer.Ordinal);
            _current = new Snapshot(tenants, time.GetUtcNow());
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record Snapshot(FrozenDictionary<string, string[]> Tenants, DateTimeOffset LoadedAt);
}
