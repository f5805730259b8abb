using MimeKit;
using SendGateway.Server.Queue;
using SendGateway.Smtp.Protocol;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Relay;

/// <summary>
/// A relay message sent with <c>X-SG-Template</c>: the stored template supplies subject, text and html, rendered with
/// <c>X-SG-Vars</c> for every recipient; the submitted message gives only its From, Reply-To and control headers. A
/// body beside the template is refused (554 5.6.0) rather than silently dropped, as are an unknown template and a
/// variable without a value.
/// </summary>
internal sealed class RelayTemplates(CachedTemplates store, TemplateEngine engine)
{
    /// <summary>The batch content and its rendered subject (the same for every recipient), or the reply refusing the message.</summary>
    public async Task<(BatchContent? Content, SmtpReply? Refusal, string? Subject)> BuildAsync(
        string tenantId, string from, HeaderList headers, ReadOnlyMemory<byte> message, RelayControlHeaders control, CancellationToken cancellationToken)
    {
        var headerEnd = message.Span.IndexOf("\r\n\r\n"u8);
        if (headerEnd >= 0 && !IsBlank(message.Span[(headerEnd + 4)..]))
        {
            return (null, new SmtpReply(554, "5.6.0", "Error: with X-SG-Template the message body must be empty (the template supplies it)"), null);
        }

        if (!TemplateEditor.IsValidId(control.TemplateId!) || await store.ResolveAsync(tenantId, control.TemplateId!, control.TemplateVersion, cancellationToken) is not { } template)
        {
            return (null, new SmtpReply(554, "5.6.0", "Error: invalid X-SG-Template: no template with that id and version"), null);
        }

        var parts = new MessageParts(template.Subject, template.Text, template.Html, template.TextLayout, template.HtmlLayout);
        var rendered = engine.Render(parts, TemplateValues.Merge(null, control.Vars, TemplateValues.UnsubscribeStandIn)); // the same vars for every recipient
        if (rendered.Missing.Count > 0)
        {
            return (null, new SmtpReply(554, "5.6.0", $"Error: X-SG-Vars: template variables without a value: {string.Join(", ", rendered.Missing.Take(10))}"), null);
        }

        if (rendered.Errors.Count > 0)
        {
            return (null, new SmtpReply(554, "5.6.0", "Error: X-SG-Template: the template does not render with these X-SG-Vars"), null);
        }

        if (rendered.Subject is { } subject && !HeaderText.IsSafe(subject))
        {
            return (null, new SmtpReply(554, "5.6.0", "Error: X-SG-Vars: the rendered subject may not hold CR, LF or control characters"), null);
        }

        var fromName = InternetAddressList.TryParse(headers[HeaderId.From] ?? string.Empty, out var list) ? list.Mailboxes.FirstOrDefault()?.Name : null;
        var replyTo = InternetAddressList.TryParse(headers[HeaderId.ReplyTo] ?? string.Empty, out var replies) ? replies.Mailboxes.FirstOrDefault()?.Address : null;
        return (new BatchContent
        {
            FromEmail = from, FromName = string.IsNullOrEmpty(fromName) ? null : fromName, ReplyTo = Addresses.Normalize(replyTo),
            Subject = template.Subject, Text = template.Text, Html = template.Html, TextLayout = template.TextLayout, HtmlLayout = template.HtmlLayout,
            TemplateId = template.Id, TemplateVersion = template.Version, SharedVars = control.Vars,
            TrackOpens = control.TrackOpens, TrackClicks = control.TrackClicks, Unsubscribe = control.Unsubscribe, Tags = control.Tags, Metadata = Messages.RecipientRenders.WithTemplate(control.Metadata, template), IpPool = control.IpPool,
        }, null, rendered.Subject);
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
