using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Compact, URL-safe, signed tokens: base64url of a small binary payload and the first 16 bytes of its HMAC-SHA256.
/// The payload names the key that signed it (<c>Secrets:TrackingKeys</c>, or <c>t1</c> derived from the master key),
/// so keys rotate like the queue keys: new tokens use the current key, every configured key still verifies.
/// Reading one needs no database; a forged, altered, truncated or unknown-key one is null.
/// Layout: <c>2 | kind | key id length | key id | flags | shard(2) | sent at(4) | sequence | tenant length | tenant |
/// message id length | message id | url</c>.
/// </summary>
public sealed class TrackingTokens
{
    private const byte Version = 2;
    private const int MacBytes = 16;
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly byte[] _currentId;
    private readonly byte[] _currentKey;

    public TrackingTokens(SecretBox secrets, IOptions<SecretsOptions> options)
    {
        _keys["t1"] = secrets.DeriveKey("tracking-token");
        foreach (var (id, value) in options.Value.TrackingKeys)
        {
            _keys[id] = Convert.FromBase64String(value);
        }

        _currentId = Encoding.ASCII.GetBytes(options.Value.CurrentTrackingKey);
        _currentKey = _keys[options.Value.CurrentTrackingKey];
    }

    public string Create(TrackingToken token)
    {
        var tenant = Encoding.UTF8.GetBytes(token.TenantId);
        var message = Encoding.UTF8.GetBytes(token.MessageId);
        var url = token.Url is null ? [] : Encoding.UTF8.GetBytes(token.Url);
        var payload = new byte[3 + _currentId.Length + 10 + tenant.Length + message.Length + url.Length];
        payload[0] = Version;
        payload[1] = (byte)token.Kind;
        payload[2] = (byte)_currentId.Length;
        _currentId.CopyTo(payload, 3);
        var at = 3 + _currentId.Length;
        payload[at] = token.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(at + 1), (ushort)token.Shard);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(at + 3), (uint)token.SentAt.ToUnixTimeSeconds());
        payload[at + 7] = (byte)Math.Min(token.Sequence, byte.MaxValue);
        payload[at + 8] = (byte)tenant.Length;
        tenant.CopyTo(payload, at + 9);
        payload[at + 9 + tenant.Length] = (byte)message.Length;
        message.CopyTo(payload, at + 10 + tenant.Length);
        url.CopyTo(payload, at + 10 + tenant.Length + message.Length);
        var mac = HMACSHA256.HashData(_currentKey, payload).AsSpan(0, MacBytes);
        return Base64Url.EncodeToString([.. payload, .. mac]);
    }

    /// <summary>The token's content, or null when it is not one of ours unaltered.</summary>
    public TrackingToken? Read(string text, int maxLength)
    {
        if (text.Length > maxLength || !Base64Url.IsValid(text))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Length < 4 + MacBytes || bytes[0] != Version || 3 + bytes[2] > bytes.Length - MacBytes
            || !_keys.TryGetValue(Encoding.ASCII.GetString(bytes, 3, bytes[2]), out var key))
        {
            return null;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacBytes);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload).AsSpan(0, MacBytes), bytes.AsSpan(bytes.Length - MacBytes)))
        {
            return null;
        }

        // Signed by us, so well formed unless a key was shared with something else: check the lengths anyway.
        var at = 3 + bytes[2];
        if (at + 9 > payload.Length)
        {
            return null;
        }

        var tenantLength = payload[at + 8];
        if (at + 9 + tenantLength >= payload.Length)
        {
            return null;
        }

        var messageLength = payload[at + 9 + tenantLength];
        var urlStart = at + 10 + tenantLength + messageLength;
        if (urlStart > payload.Length)
        {
            return null;
        }

        return new TrackingToken(
            (char)payload[1], Encoding.UTF8.GetString(payload.Slice(at + 9, tenantLength)), Encoding.UTF8.GetString(payload.Slice(at + 10 + tenantLength, messageLength)),
            BinaryPrimitives.ReadUInt16BigEndian(payload[(at + 1)..]), payload[at + 7],
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(payload[(at + 3)..])),
            urlStart == payload.Length ? null : Encoding.UTF8.GetString(payload[urlStart..]), payload[at]);
    }
}
