using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Common;

/// <summary>AES-256-GCM for secrets at rest: nonce (12) | tag (16) | ciphertext, with a purpose bound as associated data.</summary>
public sealed class SecretBox(IOptions<SecretsOptions> options)
{
    private readonly byte[] _key = Convert.FromBase64String(options.Value.MasterKey);

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(28), output.AsSpan(12, 16), System.Text.Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>A 32-byte key for one purpose (HKDF-SHA256 of the master key), e.g. for the VERP signature.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    public byte[] Open(ReadOnlySpan<byte> sealedData, string purpose)
    {
        if (sealedData.Length < 28)
        {
            throw new CryptographicException("Sealed secret is truncated.");
        }

        var plaintext = new byte[sealedData.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(sealedData[..12], sealedData[28..], sealedData.Slice(12, 16), plaintext, System.Text.Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }
}
