using System.Text;
using Microsoft.Extensions.Caching.Memory;
using MimeKit.Cryptography;
using SendGateway.Server.Domains;

namespace SendGateway.Server.Delivery;

/// <summary>Per tenant and domain, the MimeKit signer with the domain's decrypted key, cached for a few minutes.</summary>
public sealed class DkimSigners(DomainStore domains, IMemoryCache cache)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(5);

    public async Task<DkimSigner?> GetAsync(string tenantId, string domain, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync($"dkim:{tenantId}:{domain}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheTime;
            entry.Size = 1;
            if (await domains.GetSigningKeyAsync(tenantId, domain, cancellationToken) is not { } key)
            {
                entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(5);
                return null;
            }

            using var pem = new MemoryStream(Encoding.ASCII.GetBytes(key.PrivateKeyPem));
            return new DkimSigner(pem, key.Domain, key.Selector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        });
}
