using Microsoft.Extensions.Caching.Memory;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Messages;

/// <summary>
/// Whether a sender address is in one of the tenant's verified domains (a domain sends only once proven, reliability.md T112);
/// the answer is cached 30 s per tenant and domain, and dropped on every node when the domain's state changes
/// (<see cref="SenderDomainChanges"/>).
/// </summary>
internal sealed class SenderDomains(DomainStore domains, DomainViews views, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    public async ValueTask<SenderCheck> CheckAsync(string tenantId, string fromAddress, CancellationToken cancellationToken)
    {
        var domain = Addresses.DomainOf(fromAddress);
        return (await cache.GetOrCreateAsync(SenderDomainChanges.CacheKey(tenantId, domain), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            return await domains.GetAsync(tenantId, domain, cancellationToken) switch
            {
                null => new SenderCheck(SenderState.NotOwned, domain),
                { Verified: true } => new SenderCheck(SenderState.Verified, domain),
                var unverified => new SenderCheck(SenderState.NotVerified, domain, views.DkimOf(unverified)),
            };
        }))!;
    }

    public async ValueTask<bool> IsAuthorizedAsync(string tenantId, string fromAddress, CancellationToken cancellationToken) =>
        (await CheckAsync(tenantId, fromAddress, cancellationToken)).State == SenderState.Verified;
}
