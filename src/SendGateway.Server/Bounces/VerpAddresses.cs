using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Bounces;

/// <summary>
/// The signed VERP return path (architecture §2): <c>b+&lt;message id&gt;-&lt;signature&gt;@&lt;bounce domain&gt;</c>, lower case
/// (37 characters of local part). The signature is the first 40 bits of HMAC-SHA256 over the message id under a key
/// derived from the master key, so a DSN can be tied to its message and a forged address is refused.
/// </summary>
internal sealed class VerpAddresses(SecretBox secrets, IOptions<BounceOptions> options)
{
    private const string Prefix = "b+";
    private const string UnsubscribePrefix = "u+";
    private const string UnsubscribePurpose = "unsubscribe:";
    private const string IdPrefix = "msg_";
    private const int IdLength = 26;
    private const int SignatureLength = 8;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly byte[] _key = secrets.DeriveKey("verp-return-path");

    public string Domain => options.Value.Domain;

    public string For(string messageId) => Address(Prefix, messageId, messageId);

    /// <summary>The <c>mailto:</c> of List-Unsubscribe (<c>u+…</c>): mail to it unsubscribes the message's recipient.</summary>
    public string UnsubscribeFor(string messageId) => Address(UnsubscribePrefix, messageId, UnsubscribePurpose + messageId);

    /// <summary>The message id a return-path address stands for, or null when it is not ours or its signature is wrong.</summary>
    public string? MessageIdOf(string address) => IdOf(address, Prefix, id => id);

    /// <summary>The message id an unsubscribe address stands for, or null (a return path is not one: it is signed apart).</summary>
    public string? UnsubscribeIdOf(string address) => IdOf(address, UnsubscribePrefix, id => UnsubscribePurpose + id);

    private string Address(string prefix, string messageId, string signed) =>
        $"{prefix}{messageId[IdPrefix.Length..].ToLowerInvariant()}-{Sign(signed)}@{options.Value.Domain}";

    private string? IdOf(string address, string prefix, Func<string, string> signed)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address.AsSpan(at + 1).Equals(options.Value.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var local = address[..at];
        if (local.Length != prefix.Length + IdLength + 1 + SignatureLength || !local.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
            local[prefix.Length + IdLength] != '-')
        {
            return null;
        }

        var id = IdPrefix + local.Substring(prefix.Length, IdLength).ToUpperInvariant();
        var signature = Encoding.ASCII.GetBytes(local[(prefix.Length + IdLength + 1)..].ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(signature, Encoding.ASCII.GetBytes(Sign(signed(id)))) ? id : null;
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
