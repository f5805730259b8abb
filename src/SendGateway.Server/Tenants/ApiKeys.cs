using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Tenants;

/// <summary>API keys look like <c>sgk_&lt;key id&gt;_&lt;secret&gt;</c>; only SHA-256 of the secret (160 random bits) is stored.</summary>
internal static class ApiKeys
{
    public const string Prefix = "sgk_";

    public static (string KeyId, string Key, byte[] SecretHash) Generate()
    {
        var keyId = Ids.Secret(16);
        var secret = Ids.Secret(32);
        return (keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    public static bool TryParse(string presented, out string keyId, out string secret)
    {
        keyId = secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return false;
        }

        var rest = presented.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore <= 0 || underscore == rest.Length - 1)
        {
            return false;
        }

        keyId = rest[..underscore].ToString();
        secret = rest[(underscore + 1)..].ToString();
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);
}
