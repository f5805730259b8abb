using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Which shared buckets a request draws from. A key's and its tenant's buckets share the hash tag <c>{t:tenant}</c>, so
/// both are taken in one script call on one Redis Cluster slot; an unauthenticated request draws only from its address's
/// bucket, named by a keyed hash of the address (the address itself is not stored).
/// </summary>
internal sealed class RateLimitBuckets(IOptions<RateLimitOptions> options, SecretBox secrets)
{
    private readonly byte[] _addressKey = secrets.DeriveKey("rate-limit-address");

    public List<SharedBucket> Of(HttpContext context)
    {
        var l = options.Value;
        var buckets = new List<SharedBucket>(2);
        var tenant = context.User.FindFirst(TenantClaims.Tenant)?.Value;
        var key = context.User.FindFirst(TenantClaims.Key)?.Value;
        var tag = tenant is not null ? "t:" + tenant : "k:" + key;
        if (key is not null && l.PerKeyPerSecond > 0)
        {
            buckets.Add(new SharedBucket($"sg:rl:{{{tag}}}:k:{key}", l.PerKeyPerSecond, l.PerKeyBurst));
        }

        if (tenant is not null && l.PerTenantPerSecond > 0)
        {
            buckets.Add(new SharedBucket($"sg:rl:{{{tag}}}", l.PerTenantPerSecond, l.PerTenantBurst));
        }

        if (RateLimits.ByAddress(context) && l.PerAddressPerSecond > 0)
        {
            // No address (an in-memory transport): one bucket for all of them, as the per-node limiter does.
            var address = ClientAddress.Of(context)?.GetAddressBytes() ?? [];
            var hash = Convert.ToHexStringLower(HMACSHA256.HashData(_addressKey, address).AsSpan(0, 12));
            buckets.Add(new SharedBucket($"sg:rl:{{a:{hash}}}", l.PerAddressPerSecond, l.PerAddressBurst));
        }

        return buckets;
    }
}
