using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace SendGateway.Server.Users;

/// <summary>
/// Panel passwords, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// 100,000 iterations, salted, versioned so a stronger default later re-hashes at sign-in): the standard hasher, not ours.
/// </summary>
internal sealed class PanelPasswords
{
    public const int MinLength = 12;
    public const int MaxLength = 256;
    private readonly PasswordHasher<PanelUser> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>A hash of nothing anyone knows: checked for an unknown address so its answer takes as long as a wrong password's.</summary>
    public string Decoy { get; } = new PasswordHasher<PanelUser>().HashPassword(null!, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public bool Verify(string hash, string password) =>
        password.Length <= MaxLength && _hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>A random password of 20 characters from an alphabet without look-alikes (about 115 bits).</summary>
    public static string Generate() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
