using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Users;

/// <summary>Ten single-use recovery codes (<c>xxxxx-xxxxx</c>), shown once at enrolment and kept as SHA-256 hashes.</summary>
internal static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Generate()
    {
        var codes = Enumerable.Range(0, Count).Select(_ => $"{RandomNumberGenerator.GetString(Alphabet, 5)}-{RandomNumberGenerator.GetString(Alphabet, 5)}").ToList();
        return (codes, codes.Select(Hash).ToList());
    }

    public static bool LooksLikeOne(string? code) => code is { Length: 11 } && code[5] == '-';

    public static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));
}
