using MimeKit;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery;

/// <summary>Renders one recipient's copy and builds its MIME with MimeKit, ready for signing and transport.</summary>
public static class MimeBuilder
{
    public static MimeMessage Build(QueueEntry entry, BatchContent content)
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
        message.Subject = Template.Parse(content.Subject).Render(entry.Vars, content.SharedVars, htmlEncode: false);
        foreach (var (name, value) in content.Headers ?? [])
        {
            message.Headers.Add(name, value);
        }

        var body = new BodyBuilder
        {
            TextBody = content.Text is null ? null : Template.Parse(content.Text).Render(entry.Vars, content.SharedVars, htmlEncode: false),
            HtmlBody = content.Html is null ? null : Template.Parse(content.Html).Render(entry.Vars, content.SharedVars, htmlEncode: true),
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

    /// <summary>Fixes the transfer encoding to 7-bit first, so no server's missing 8BITMIME can re-encode (and break) the signature.</summary>
    public static void Sign(MimeMessage message, DkimSigningKey key, DateTimeOffset now)
    {
        message.Prepare(EncodingConstraint.SevenBit);
        DkimSignature.Sign(message, key, now);
    }
}
