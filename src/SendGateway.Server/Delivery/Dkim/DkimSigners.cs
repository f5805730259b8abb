using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Delivery.Dkim;

/// <summary>
/// Per tenant and sender domain, the decrypted DKIM key delivery signs with (null: the tenant has no such domain any more),
/// held on the node so a delivery does not need PostgreSQL (reliability.md T114): read again after
/// <see cref="DeliveryOptions.SenderDomainRefresh"/>, or at the next use after a change anywhere (<see cref="SenderDomainChanges"/>, as an <see cref="ISenderDomainListener"/>);
/// while PostgreSQL cannot answer, the last key read is used, and asked for again a few seconds later.
/// </summary>
internal sealed class DkimSigners(DomainStore domains, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DkimSigners> logger) : ISenderDomainListener
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissingRecheck = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string TenantId, string Domain), Entry> _entries = new();

    public async Task<DkimSigningKey?> GetAsync(string tenantId, string domain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = _entries.GetValueOrDefault((tenantId, domain));
        if (known is not null && now < known.RefreshAt)
        {
            return known.Key;
        }

        try
        {
            var row = await domains.GetSigningKeyAsync(tenantId, domain, cancellationToken);
            // Not disposed when replaced: a worker may still be signing with it; the finalizer frees it.
            var key = row is null ? null : DkimSigningKey.FromPem(row.Domain, row.Selector, row.PrivateKeyPem);
            _entries[(tenantId, domain)] = new Entry(key, now + (key is null ? MissingRecheck : options.Value.SenderDomainRefresh));
            return key;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e) && known is not null)
        {
            DeliveryLog.SenderDomainNotRefreshed(logger, domain, e.GetType().Name);
            _entries[(tenantId, domain)] = known with { RefreshAt = now + RetryAfterFailure };
            return known.Key;
        }
    }

    /// <summary>The domain was verified, removed or given a new key (here or on another node): read again at its next use.</summary>
    public void Changed(string tenantId, string domain)
    {
        if (_entries.TryGetValue((tenantId, domain), out var known))
        {
            _entries[(tenantId, domain)] = known with { RefreshAt = DateTimeOffset.MinValue };
        }
    }

    private sealed record Entry(DkimSigningKey? Key, DateTimeOffset RefreshAt);
}
