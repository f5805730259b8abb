using Microsoft.Extensions.Caching.Memory;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Messages;

/// <summary>Whether a sender address is in one of the tenant's domains; the answer is cached briefly per tenant and domain.</summary>
public sealed class SenderDomains(DomainStore domains, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);

    public async ValueTask<bool> IsAuthorizedAsync(string tenantId, string fromAddress, CancellationToken cancellationToken)
    {
        var domain = Addresses.DomainOf(fromAddress);
        return await cache.GetOrCreateAsync($"sender:{tenantId}:{domain}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            return await domains.GetAsync(tenantId, domain, cancellationToken) is not null;
        });
    }
}
