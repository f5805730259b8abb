using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Standard Webhooks signing: <c>v1,base64(HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}"))</c>, where the secret
/// bytes are the base64 part of <c>whsec_…</c> (api.md §6).
/// </summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const int SecretBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, data));
    }

    /// <summary>One signature per secret, space-separated (a receiver accepts the request when any of them verifies).</summary>
    public static string SignAll(IEnumerable<string> secrets, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var signatures = new List<string>();
        foreach (var secret in secrets)
        {
            signatures.Add(Sign(secret, id, timestamp, body));
        }

        return string.Join(' ', signatures);
    }
}
