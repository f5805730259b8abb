using System.Security.Cryptography;
using System.Text;

namespace SendGateway.Server.Relay;

/// <summary>PBKDF2-SHA256 for SMTP passwords (a slow hash: these are typed into mail clients and configs).</summary>
internal static class PasswordHashing
{
    public const int HashBytes = 32;

    public static (byte[] Hash, byte[] Salt) Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return (Derive(password, salt, iterations), salt);
    }

    public static bool Verify(string password, byte[] salt, int iterations, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
