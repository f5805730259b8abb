using System.Security.Cryptography;

namespace SendGateway.Server.Common;

/// <summary>Prefixed, time-ordered ids (48-bit milliseconds + 80 random bits, Crockford base32), e.g. <c>msg_01JD…</c>.</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // Random bytes are drawn from the system CSPRNG 320 at a time per thread: one call per id cost ~1.5 µs, and every
    // delivered message makes several ids (its own, its batch's, one per event).
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    public static string New(string prefix, TimeProvider? time = null)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(ms & 0xFF);
            ms >>= 8;
        }

        TakeRandom(bytes[6..]);
        Span<char> chars = stackalloc char[26];
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return string.Concat(prefix, "_", chars);
    }

    private static void TakeRandom(Span<byte> destination)
    {
        var buffer = t_random ??= new byte[320];
        if (t_used == 0 || t_used + destination.Length > buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            t_used = 0;
        }

        buffer.AsSpan(t_used, destination.Length).CopyTo(destination);
        buffer.AsSpan(t_used, destination.Length).Clear(); // each byte is handed out once
        t_used += destination.Length;
    }

    /// <summary>When an id made by <see cref="New"/> was created (its 48-bit millisecond prefix), or null for anything else.</summary>
    public static DateTimeOffset? TimestampOf(string id)
    {
        var underscore = id.IndexOf('_');
        if (underscore < 0 || id.Length - underscore - 1 != 26)
        {
            return null;
        }

        long ms = 0;
        foreach (var c in id.AsSpan(underscore + 1, 10))
        {
            var digit = Alphabet.IndexOf(char.ToUpperInvariant(c));
            if (digit < 0)
            {
                return null;
            }

            ms = (ms << 5) | (long)digit;
        }

        // 10 characters hold 50 bits: the top 2 are the 128-bit value's padding, the rest is the 48-bit timestamp.
        return DateTimeOffset.FromUnixTimeMilliseconds(ms & ((1L << 48) - 1));
    }

    /// <summary>Random lower-case alphanumerics for secrets; <paramref name="length"/> characters of 5 bits each.</summary>
    public static string Secret(int length)
    {
        const string chars = "abcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(chars, length);
    }
}
