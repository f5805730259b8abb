using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Idempotency;

/// <summary>
/// Redis keys of the idempotency records <see cref="IdempotencyStore"/> keeps: <c>sg:idem:{scope}:{SHA-256 of the key}</c>,
/// the scope being the caller's (tenant and operation), so one scope's records are found by one SCAN pattern.
/// </summary>
internal static class IdempotencyKeys
{
    /// <summary>The record of <paramref name="idempotencyKey"/> within <paramref name="scope"/> (the key itself is hashed, never stored).</summary>
    public static string Record(string scope, string idempotencyKey) =>
        $"{Prefix(scope)}{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))}";

    /// <summary>A SCAN pattern for every record of <paramref name="scope"/>.</summary>
    public static string ScopePattern(string scope) => $"{Prefix(scope)}*";

    private static string Prefix(string scope) => $"sg:idem:{scope}:";
}
