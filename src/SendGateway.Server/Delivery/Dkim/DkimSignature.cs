using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace SendGateway.Server.Delivery.Dkim;

/// <summary>
/// DKIM-Signature (RFC 6376), rsa-sha256 with relaxed/relaxed canonicalization, computed over exactly the bytes
/// MailKit will send. Signs with .NET's RSA: MimeKit 4's signer uses BouncyCastle's managed RSA, several times
/// slower per message (see benchmarks/SendGateway.Benchmarks/Delivery). The header is added pre-folded
/// (<see cref="Header.SetRawValue"/>) so nothing re-folds what was signed.
/// </summary>
internal static class DkimSignature
{
    /// <summary>Signed when present; the List-Unsubscribe pair too, as Gmail and Yahoo require for one-click unsubscribe (RFC 8058 §4).</summary>
    private static readonly string[] Candidates =
        ["From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "List-Unsubscribe", "List-Unsubscribe-Post"];

    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>Signs a message that was already prepared for a 7-bit transport.</summary>
    public static void Sign(MimeMessage message, DkimSigningKey key, DateTimeOffset now)
    {
        var headers = Candidates.Where(id => message.Headers.Contains(id)).Select(id => message.Headers[message.Headers.LastIndexOf(id)]).ToList();
        var bodyHash = Convert.ToBase64String(BodyHash(message));
        var tags = $"v=1; a=rsa-sha256; c=relaxed/relaxed; d={key.Domain}; s={key.Selector};\r\n\tt={now.ToUnixTimeSeconds()}; h={string.Join(':', headers.Select(h => h.Field.ToLowerInvariant()))};\r\n\tbh={bodyHash};\r\n\tb=";

        var input = new StringBuilder();
        foreach (var header in headers)
        {
            input.Append(CanonicalHeader(header.Field, Encoding.ASCII.GetString(header.RawValue))).Append("\r\n");
        }

        input.Append(CanonicalHeader("DKIM-Signature", " " + tags));
        var signature = Convert.ToBase64String(key.Rsa.SignData(Encoding.ASCII.GetBytes(input.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        var dkim = new Header(HeaderId.DkimSignature, "x");
        dkim.SetRawValue(Encoding.ASCII.GetBytes(" " + tags + Fold(signature) + "\r\n"));
        message.Headers.Insert(0, dkim);
    }

    /// <summary>Relaxed header canonicalization: lower-case name, unfolded value, runs of WSP as one SP, trimmed.</summary>
    internal static string CanonicalHeader(string field, string rawValue)
    {
        var value = new StringBuilder(rawValue.Length);
        var space = false;
        foreach (var c in rawValue)
        {
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }

            if (space && value.Length > 0)
            {
                value.Append(' ');
            }

            space = false;
            value.Append(c);
        }

        return $"{field.ToLowerInvariant().Trim()}:{value}";
    }

    /// <summary>SHA-256 of the relaxed canonical body, of the body exactly as it goes on the wire.</summary>
    internal static byte[] BodyHash(MimeMessage message)
    {
        using var wire = new MemoryStream();
        message.WriteTo(Format, wire);
        var bytes = wire.GetBuffer().AsSpan(0, (int)wire.Length);
        var start = bytes.IndexOf("\r\n\r\n"u8);
        return BodyHash(start < 0 ? [] : bytes[(start + 4)..]);
    }

    /// <summary>
    /// SHA-256 of <see cref="CanonicalBody(ReadOnlySpan{byte})"/>. A body that relaxed canonicalization leaves as it is (CRLF
    /// line ends, no tab, no two spaces together, no space before a line end: base64 attachments, most generated text) is
    /// hashed in place, less its trailing empty lines, with no canonical copy made.
    /// </summary>
    internal static byte[] BodyHash(ReadOnlySpan<byte> body)
    {
        if (!IsAlreadyRelaxed(body))
        {
            return SHA256.HashData(CanonicalBody(body));
        }

        while (body.EndsWith("\r\n\r\n"u8))
        {
            body = body[..^2];
        }

        return SHA256.HashData(body is [(byte)'\r', (byte)'\n'] ? [] : body);
    }

    /// <summary>True when every line ends in CRLF, the body ends in one, and no line has a tab, two spaces together or a space at its end.</summary>
    private static bool IsAlreadyRelaxed(ReadOnlySpan<byte> body) =>
        body.EndsWith("\r\n"u8) && !body.Contains((byte)'\t') && body.IndexOf("  "u8) < 0 && body.IndexOf(" \r\n"u8) < 0
        && body.Count((byte)'\n') == body.Count("\r\n"u8);

    internal static byte[] CanonicalBody(ReadOnlySpan<byte> body)
    {
        var output = new MemoryStream(body.Length + 2);
        var pendingEmptyLines = 0;
        while (body.Length > 0)
        {
            var lf = body.IndexOf((byte)'\n');
            var line = lf < 0 ? body : body[..lf];
            body = lf < 0 ? [] : body[(lf + 1)..];
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            line = line.TrimEnd(" \t"u8); // no WSP at a line's end
            if (line.Length == 0)
            {
                pendingEmptyLines++; // empty lines at the end are dropped, inner ones kept
                continue;
            }

            for (; pendingEmptyLines > 0; pendingEmptyLines--)
            {
                output.Write("\r\n"u8);
            }

            WriteCollapsed(output, line);
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }

    /// <summary>Writes <paramref name="line"/> (no WSP at its end) with each run of WSP as one SP; a plain run of text is copied whole.</summary>
    private static void WriteCollapsed(MemoryStream output, ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var space = line.IndexOfAny((byte)' ', (byte)'\t');
            if (space < 0)
            {
                output.Write(line);
                return;
            }

            output.Write(line[..space]);
            output.WriteByte((byte)' ');
            line = line[space..].TrimStart(" \t"u8);
        }
    }

    private static string Fold(string base64)
    {
        var folded = new StringBuilder(base64.Length + (base64.Length / 70 * 3));
        for (var i = 0; i < base64.Length; i += 70)
        {
            folded.Append(i == 0 ? string.Empty : "\r\n\t").Append(base64.AsSpan(i, Math.Min(70, base64.Length - i)));
        }

        return folded.ToString();
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
