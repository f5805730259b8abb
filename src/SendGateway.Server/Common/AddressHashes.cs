using System.Security.Cryptography;
using System.Text;
using SendGateway.Server.Common;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// The keyed hash an erased address is suppressed under (<c>h:</c> + 32 hex of HMAC-SHA256 under a key derived from
/// the master key): the person stays unmailable while the address itself is stored nowhere.
/// </summary>
public sealed class SuppressionHashes(SecretBox secrets)
{
    public const string Prefix = "h:";
    private readonly byte[] _key = secrets.DeriveKey("suppression-hash");

    public string For(string address) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address.ToLowerInvariant())).AsSpan(0, 16));
}
