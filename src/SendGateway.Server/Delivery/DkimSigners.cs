using Microsoft.Extensions.Caching.Memory;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Delivery;

/// <summary>Per tenant and domain, the decrypted DKIM key loaded for signing, cached for a few minutes.</summary>
public sealed class DkimSigners(DomainStore domains, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(5);

    public async Task<DkimSigningKey?> GetAsync(string tenantId, string domain, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync($"dkim:{tenantId}:{domain}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            if (await domains.GetSigningKeyAsync(tenantId, domain, cancellationToken) is not { } key)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
                return null;
            }

            // Not disposed on eviction: a worker may still be signing with it; the finalizer frees it.
            return DkimSigningKey.FromPem(key.Domain, key.Selector, key.PrivateKeyPem);
        });
}
