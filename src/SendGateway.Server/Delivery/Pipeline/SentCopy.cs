using MimeKit;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>The bytes of a copy as sent, for tenants that keep content: whole up to a limit, else its headers and a note.</summary>
internal static class SentCopy
{
    public static byte[] Capture(MimeMessage message, long maxBytes)
    {
        using var whole = new MemoryStream();
        message.WriteTo(whole);
        if (whole.Length <= maxBytes)
        {
            return whole.ToArray();
        }

        using var headers = new MemoryStream();
        message.Headers.WriteTo(headers);
        var note = System.Text.Encoding.ASCII.GetBytes($"\r\n[The body, {whole.Length:N0} bytes in all, was over the {maxBytes:N0}-byte limit for kept content.]\r\n");
        headers.Write(note);
        return headers.ToArray();
    }
}
