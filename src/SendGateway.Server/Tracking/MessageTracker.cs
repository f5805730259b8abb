using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// At delivery, per recipient, after rendering and before DKIM signing (the signature covers all of it): the
/// one-click unsubscribe headers of RFC 8058 unless the message turned them off (with a visible link at the end of
/// each part in the tenant's <c>header_and_footer</c> mode), and every HTML part rewritten for the opens and clicks
/// the message asked for. MimeKit re-encodes a rewritten part (quoted-printable or base64 as
/// needed). A copy without an HTML part gets no pixel.
/// </summary>
public sealed class MessageTracker(TrackingTokens tokens, Bounces.VerpAddresses addresses, IOptions<TrackingOptions> options)
{
    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    /// <summary>
    /// This copy's unsubscribe page, <c>{{ unsubscribe_url }}</c> in its templates: always made, so a template that
    /// places the link works even where the headers are off.
    /// </summary>
    public string UnsubscribeUrl(QueueEntry entry, DateTimeOffset now) => $"{BaseUrl}/u/{Token(TrackingToken.Unsubscribe, entry, now, null)}";

    public void Apply(MimeMessage message, QueueEntry entry, BatchContent content, string unsubscribeUrl, DateTimeOffset now)
    {
        if (content.Unsubscribe != false)
        {
            message.Headers.RemoveAll(HeaderId.ListUnsubscribe); // a relayed message's own: ours is the one that works
            message.Headers.RemoveAll("List-Unsubscribe-Post");
            // The https link for one-click; the mailto: (signed like the return path, through the bounce listener) for clients without it.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeUrl}>, <mailto:{addresses.UnsubscribeFor(entry.Id)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var footer = content.UnsubscribeFooter == true;
        var textLinks = content.TrackClicks == true && content.TrackTextLinks == true;
        if (footer || textLinks)
        {
            foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsPlain && !p.IsAttachment))
            {
                var text = textLinks ? TextLinks.Rewrite(part.Text, url => Click(entry, now, url), options.Value.MaxLinksPerMessage) : part.Text;
                part.Text = footer ? $"{text.TrimEnd()}\n\n--\nUnsubscribe: {unsubscribeUrl}\n" : text;
            }
        }

        if (content.TrackOpens != true && content.TrackClicks != true && !footer)
        {
            return;
        }

        var pixel = content.TrackOpens == true ? $"{BaseUrl}/t/o/{Token(TrackingToken.Open, entry, now, null)}" : null;
        Func<string, string>? click = content.TrackClicks == true ? url => Click(entry, now, url) : null;
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsHtml && !p.IsAttachment))
        {
            part.Text = LinkRewriter.Rewrite(part.Text, click, pixel, options.Value.MaxLinksPerMessage, footer ? unsubscribeUrl : null);
        }
    }

    /// <summary>A tracked link to <paramref name="url"/>; the unsubscribe page stays as it is (never counted as a click).</summary>
    private string Click(QueueEntry entry, DateTimeOffset now, string url) =>
        url.StartsWith($"{BaseUrl}/u/", StringComparison.Ordinal) ? url : $"{BaseUrl}/t/c/{Token(TrackingToken.Click, entry, now, url)}";

    private string Token(char kind, QueueEntry entry, DateTimeOffset now, string? url) =>
        tokens.Create(new TrackingToken(kind, entry.TenantId, entry.Id, entry.Shard, entry.Sequence + 2, now, url));
}
