using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Settings;

/// <summary>
/// The tenant's key of the <c>hashed</c> webhook recipient (reliability.md T58): 32 random bytes as 64 hex, one per
/// tenant. The hash is lowercase hex of HMAC-SHA256 over the UTF-8 of the lowercased address, keyed with the key's bytes.
/// Keyed, because a bare SHA-256 of an address is undone by hashing a list of addresses; per tenant, so two tenants'
/// hashes of one person do not match and none is the service's own <c>h:</c> hash; not the endpoint's signing secret,
/// so a rotation or a second endpoint keeps the same hash for the same person. The tenant's admins read it in the
/// settings to hash their own addresses and join.
/// </summary>
internal static class WebhookRecipientKey
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key, string address) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(key), Encoding.UTF8.GetBytes(address.ToLowerInvariant())));
}
