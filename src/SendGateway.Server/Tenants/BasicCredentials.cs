using System.Text;

namespace SendGateway.Server.Tenants;

/// <summary>RFC 7617 <c>user:password</c> from a Basic header's base64, bounded and strict.</summary>
internal static class BasicCredentials
{
    private const int MaxEncodedLength = 512;

    public static bool TryRead(string encoded, out string user, out string password)
    {
        user = password = string.Empty;
        if (encoded.Length is 0 or > MaxEncodedLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxEncodedLength];
        if (!Convert.TryFromBase64String(encoded, bytes, out var length))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes[..length]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        (user, password) = (text[..colon], text[(colon + 1)..]);
        return true;
    }
}
