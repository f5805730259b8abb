using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SendGateway.Server.Common;

namespace SendGateway.Server.Bounces;

/// <summary>
/// The signed VERP return path (architecture §2): <c>b+&lt;message id&gt;-&lt;signature&gt;@&lt;bounce domain&gt;</c>, lower case
/// (37 characters of local part). The signature is the first 40 bits of HMAC-SHA256 over the message id under a key
/// derived from the master key, so a DSN can be tied to its message and a forged address is refused.
/// </summary>
public sealed class VerpAddresses(SecretBox secrets, IOptions<BounceOptions> options)
{
    private const string Prefix = "b+";
    private const string IdPrefix = "msg_";
    private const int IdLength = 26;
    private const int SignatureLength = 8;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly byte[] _key = secrets.DeriveKey("verp-return-path");

    public string Domain => options.Value.Domain;

    public string For(string messageId) =>
        $"{Prefix}{messageId[IdPrefix.Length..].ToLowerInvariant()}-{Sign(messageId)}@{options.Value.Domain}";

    /// <summary>The message id a return-path address stands for, or null when it is not ours or its signature is wrong.</summary>
    public string? MessageIdOf(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address.AsSpan(at + 1).Equals(options.Value.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = address[..at];
        if (local.Length != Prefix.Length + IdLength + 1 + SignatureLength || !local.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ||
            local[Prefix.Length + IdLength] != '-')
        {
            return null;
        }

        var id = IdPrefix + local.Substring(Prefix.Length, IdLength).ToUpperInvariant();
        var signature = Encoding.ASCII.GetBytes(local[(Prefix.Length + IdLength + 1)..].ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(signature, Encoding.ASCII.GetBytes(Sign(id))) ? id : null;
    }

    private string Sign(string messageId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(messageId));
        var bits = ((ulong)mac[0] << 32) | ((ulong)mac[1] << 24) | ((ulong)mac[2] << 16) | ((ulong)mac[3] << 8) | mac[4];
        var chars = new char[SignatureLength];
        for (var i = SignatureLength - 1; i >= 0; i--)
        {
            chars[i] = Base32[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }
}
