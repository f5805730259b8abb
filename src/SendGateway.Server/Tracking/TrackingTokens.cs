using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Compact, URL-safe, signed tokens: base64url of a small binary payload and the first 16 bytes of its HMAC-SHA256
/// under a key derived from the master key. Reading one needs no database; a forged, altered or truncated one is null.
/// </summary>
public sealed class TrackingTokens(SecretBox secrets)
{
    private const byte Version = 1;
    private const int MacBytes = 16;
    private readonly byte[] _key = secrets.DeriveKey("tracking-token");

    public string Create(TrackingToken token)
    {
        var tenant = Encoding.UTF8.GetBytes(token.TenantId);
        var message = Encoding.UTF8.GetBytes(token.MessageId);
        var url = token.Url is null ? [] : Encoding.UTF8.GetBytes(token.Url);
        var payload = new byte[11 + tenant.Length + message.Length + url.Length];
        payload[0] = Version;
        payload[1] = (byte)token.Kind;
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(2), (ushort)token.Shard);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)token.SentAt.ToUnixTimeSeconds());
        payload[8] = (byte)Math.Min(token.Sequence, byte.MaxValue);
        payload[9] = (byte)tenant.Length;
        tenant.CopyTo(payload, 10);
        payload[10 + tenant.Length] = (byte)message.Length;
        message.CopyTo(payload, 11 + tenant.Length);
        url.CopyTo(payload, 11 + tenant.Length + message.Length);
        var mac = HMACSHA256.HashData(_key, payload).AsSpan(0, MacBytes);
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
        if (bytes.Length < 11 + MacBytes || bytes[0] != Version)
        {
            return null;
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacBytes);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload).AsSpan(0, MacBytes), bytes.AsSpan(bytes.Length - MacBytes)))
        {
            return null;
        }

        var tenantLength = payload[9];
        if (10 + tenantLength >= payload.Length)
        {
            return null;
        }

        var messageLength = payload[10 + tenantLength];
        var urlStart = 11 + tenantLength + messageLength;
        if (urlStart > payload.Length)
        {
            return null;
        }

        return new TrackingToken(
            (char)payload[1], Encoding.UTF8.GetString(payload.Slice(10, tenantLength)), Encoding.UTF8.GetString(payload.Slice(11 + tenantLength, messageLength)),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]), payload[8], DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(payload[4..])),
            urlStart == payload.Length ? null : Encoding.UTF8.GetString(payload[urlStart..]));
    }
}
