using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Common;

/// <summary>
/// The keyed hash an address is known by where the address itself may not be kept (<c>h:</c> + 32 hex of HMAC-SHA256
/// under a key derived from the master key): an erased person stays suppressed under it, audit records and event
/// searches match on it.
/// </summary>
internal sealed class AddressHashes(SecretBox secrets)
{
    public const string Prefix = "h:";
    private readonly byte[] _key = secrets.DeriveKey("suppression-hash");

    public string For(string address) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address.ToLowerInvariant())).AsSpan(0, 16));
}
