using MimeKit;
using SendGateway.Server.Delivery.Dkim;
using SendGateway.Server.Queue;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>Renders one recipient's copy and builds its MIME with MimeKit, ready for signing and transport.</summary>
internal static class MimeBuilder
{
    /// <exception cref="TemplateRenderException">The copy no longer renders (checked at accept; only a lowered limit gets here).</exception>
    public static MimeMessage Build(QueueEntry entry, BatchContent content, TemplateEngine templates, string? unsubscribeUrl = null)
    {
        if (content.Mime is not null)
        {
            return FromSubmittedMime(entry, content);
        }

        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(content.FromName, content.FromEmail));
        message.To.Add(new MailboxAddress(entry.ToName, entry.ToEmail));
        foreach (var cc in content.Cc ?? [])
        {
            message.Cc.Add(new MailboxAddress(cc.Name, cc.Email));
        }

        if (content.ReplyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(content.ReplyTo));
        }

        message.MessageId = $"{entry.Id}@{Addresses.DomainOf(content.FromEmail)}";
        message.Date = entry.AcceptedAt;
        var parts = new MessageParts(content.Subject, content.Text, content.Html, content.TextLayout, content.HtmlLayout);
        var rendered = templates.Render(parts, TemplateValues.Merge(entry.Vars, content.SharedVars, unsubscribeUrl));
        if (!rendered.Succeeded)
        {
            throw new TemplateRenderException(rendered.Errors.Count > 0 ? rendered.Errors[0] : $"{rendered.Missing.Count} variables without a value");
        }

        message.Subject = rendered.Subject ?? string.Empty;
        foreach (var (name, value) in content.Headers ?? [])
        {
            message.Headers.Add(name, value);
        }

        var body = new BodyBuilder
        {
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
        };
        foreach (var attachment in content.Attachments ?? [])
        {
            var part = (attachment.Inline ? body.LinkedResources : body.Attachments)
                .Add(attachment.Filename, Convert.FromBase64String(attachment.Content), ContentType.Parse(attachment.ContentType));
            if (attachment.ContentId is not null)
            {
                part.ContentId = attachment.ContentId;
            }
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>SMTP-submitted mail: the tenant's MIME as submitted; a Message-ID is added only when it has none.</summary>
    private static MimeMessage FromSubmittedMime(QueueEntry entry, BatchContent content)
    {
        var message = MimeMessage.Load(new MemoryStream(content.Mime!, writable: false));
        if (string.IsNullOrEmpty(message.MessageId))
        {
            message.MessageId = $"{entry.Id}@{Addresses.DomainOf(content.FromEmail)}";
        }

        message.Headers.RemoveAll(HeaderId.Bcc);
        return message;
    }

    /// <summary>
    /// Fixes the transfer encoding to 7-bit first, so no server's missing 8BITMIME can re-encode (and break) the signature.
    /// A part already 7-bit with lines within SMTP's limit (RFC 5321 §4.5.3.1.6: 998 characters) is left as it is:
    /// MimeKit's default of 78 (RFC 5322's SHOULD, for readers) re-encoded every body with a longer line — most HTML —
    /// as quoted-printable, at a cost per message and to no server's need.
    /// </summary>
    /// <remarks>
    /// <paramref name="sevenBitAlready"/>: the copy is the tenant's submitted MIME, unchanged in its body and 7-bit safe as
    /// it stands (<see cref="IsSevenBitSafe"/>), so no part needs a transfer encoding and the scan of every part
    /// (MimeKit's best-encoding filter, a tenth of the delivery CPU of a 100 KB message) is skipped.
    /// </remarks>
    public static void Sign(MimeMessage message, DkimSigningKey key, DateTimeOffset now, bool sevenBitAlready = false)
    {
        if (!sevenBitAlready || MayBeReencoded(message))
        {
            message.Prepare(EncodingConstraint.SevenBit, maxLineLength: 998);
        }

        DkimSignature.Sign(message, key, now);
    }

    /// <summary>
    /// True when a part would still change on its way out without the transfer-encoding step: a non-text part with no
    /// Content-Transfer-Encoding, 8bit or binary (MimeKit's step, and MailKit's own when the server lacks 8BITMIME, make
    /// it base64 — after signing, MailKit's would break the signature), or an attached message, whose parts are not looked
    /// into here.
    /// </summary>
    internal static bool MayBeReencoded(MimeMessage message) =>
        message.BodyParts.Any(p => p is MessagePart
            || (p is MimePart part && !part.ContentType.IsMimeType("text", "*")
                && part.ContentTransferEncoding is ContentEncoding.Default or ContentEncoding.EightBit or ContentEncoding.Binary));

    /// <summary>
    /// True when these bytes cross any SMTP server as they are: no byte outside 1–127 (so no 8-bit text, no NUL) and no
    /// line over 998 characters (RFC 5321 §4.5.3.1.6).
    /// </summary>
    public static bool IsSevenBitSafe(ReadOnlySpan<byte> mime)
    {
        if (mime.IndexOfAnyExceptInRange((byte)1, (byte)127) >= 0)
        {
            return false;
        }

        while (mime.Length > 0)
        {
            var lf = mime.IndexOf((byte)'\n');
            var line = lf < 0 ? mime : mime[..lf];
            if (line.Length - (line.EndsWith("\r"u8) ? 1 : 0) > 998)
            {
                return false;
            }

            mime = lf < 0 ? [] : mime[(lf + 1)..];
        }

        return true;
    }
}
