using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Queue;

/// <summary>
/// Seals queued bodies (content JSON and submitted MIME) with AES-256-GCM before they reach Redis (issue: encryption at
/// rest). The blob names its key: <c>0x01 | id length | id | nonce(12) | tag(16) | ciphertext</c>, with the batch id as
/// associated data, so a blob cannot be moved to another batch and old keys keep opening what they sealed.
/// </summary>
internal sealed class QueueCipher
{
    private const byte Version = 1;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string _current;
    private readonly byte[] _currentId;

    public QueueCipher(IOptions<SecretsOptions> options, SecretBox secrets)
    {
        _keys["m1"] = secrets.DeriveKey("queue-bodies");
        foreach (var (id, value) in options.Value.QueueKeys)
        {
            _keys[id] = Convert.FromBase64String(value);
        }

        _current = options.Value.CurrentQueueKey;
        _currentId = Encoding.ASCII.GetBytes(_current);
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string batchId)
    {
        var header = 2 + _currentId.Length;
        var blob = new byte[header + 12 + 16 + plaintext.Length];
        blob[0] = Version;
        blob[1] = (byte)_currentId.Length;
        _currentId.CopyTo(blob, 2);
        var nonce = blob.AsSpan(header, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_current], 16);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(header + 28), blob.AsSpan(header + 12, 16), Encoding.ASCII.GetBytes(batchId));
        return blob;
    }

    /// <summary>Whether <paramref name="stored"/> is a sealed blob (bodies queued before encryption are plain JSON or MIME).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> stored) => stored.Length > 2 && stored[0] == Version && stored[1] is > 0 and <= 16;

    public byte[] Open(ReadOnlySpan<byte> blob, string batchId)
    {
        var idLength = blob[1];
        var id = Encoding.ASCII.GetString(blob.Slice(2, idLength));
        if (!_keys.TryGetValue(id, out var key))
        {
            throw new CryptographicException($"Queue key '{id}' is not configured (SendGateway:Secrets:QueueKeys); keep retired keys until the queue is drained.");
        }

        var header = 2 + idLength;
        var plaintext = new byte[blob.Length - header - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(blob.Slice(header, 12), blob[(header + 28)..], blob.Slice(header + 12, 16), plaintext, Encoding.ASCII.GetBytes(batchId));
        return plaintext;
    }
}
