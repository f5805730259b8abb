using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Domains;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// At delivery, per recipient, after rendering and before DKIM signing (the signature covers all of it): the
/// one-click unsubscribe headers of RFC 8058 unless the message turned them off (with a visible link at the end of
/// each part in the tenant's <c>header_and_footer</c> mode), and every HTML part rewritten for the opens and clicks
/// the message asked for. Links point at the sender domain's tracking host once it is verified, else at
/// <c>Tracking:BaseUrl</c>. MimeKit re-encodes a rewritten part (quoted-printable or base64 as needed). A copy
/// without an HTML part gets no pixel.
/// </summary>
internal sealed class MessageTracker(TrackingTokens tokens, TrackingHosts hosts, Bounces.VerpAddresses addresses, IOptions<TrackingOptions> options)
{
    /// <summary>
    /// Where this copy's links point, and its unsubscribe page (<c>{{ unsubscribe_url }}</c> in its templates: always
    /// made, so a template that places the link works even where the headers are off).
    /// </summary>
    public async ValueTask<TrackedCopy> BeginAsync(QueueEntry entry, BatchContent content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        if (await hosts.HostForAsync(entry.TenantId, Addresses.DomainOf(content.FromEmail), cancellationToken) is { } host)
        {
            baseUrl = new UriBuilder(baseUrl) { Host = host }.Uri.ToString().TrimEnd('/'); // the base's scheme, port and path
        }

        var flags = (byte)((content.TrackOpens == true ? TrackingToken.OpensTracked : 0) | (content.TrackStoreUserAgent == true ? TrackingToken.StoreUserAgent : 0));
        var copy = new TrackedCopy(entry, baseUrl, flags, now, string.Empty);
        return copy with { UnsubscribeUrl = $"{baseUrl}/u/{Token(TrackingToken.Unsubscribe, copy, null)}" };
    }

    public void Apply(MimeMessage message, BatchContent content, TrackedCopy copy)
    {
        if (content.Unsubscribe != false)
        {
            message.Headers.RemoveAll(HeaderId.ListUnsubscribe); // a relayed message's own: ours is the one that works
            message.Headers.RemoveAll("List-Unsubscribe-Post");
            // The https link for one-click; the mailto: (signed like the return path, through the bounce listener) for clients without it.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{copy.UnsubscribeUrl}>, <mailto:{addresses.UnsubscribeFor(copy.Entry.Id)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var footer = content.UnsubscribeFooter == true;
        var textLinks = content.TrackClicks == true && content.TrackTextLinks == true;
        if (footer || textLinks)
        {
            foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsPlain && !p.IsAttachment))
            {
                var text = textLinks ? TextLinks.Rewrite(part.Text, url => Click(copy, url), options.Value.MaxLinksPerMessage) : part.Text;
                part.Text = footer ? $"{text.TrimEnd()}\n\n--\nUnsubscribe: {copy.UnsubscribeUrl}\n" : text;
            }
        }

        if (content.TrackOpens != true && content.TrackClicks != true && !footer)
        {
            return;
        }

        var pixel = content.TrackOpens == true ? $"{copy.BaseUrl}/t/o/{Token(TrackingToken.Open, copy, null)}" : null;
        Func<string, string>? click = content.TrackClicks == true ? url => Click(copy, url) : null;
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsHtml && !p.IsAttachment))
        {
            part.Text = LinkRewriter.Rewrite(part.Text, click, pixel, options.Value.MaxLinksPerMessage, footer ? copy.UnsubscribeUrl : null);
        }
    }

    /// <summary>A tracked link to <paramref name="url"/>; the unsubscribe page stays as it is (never counted as a click).</summary>
    private string Click(TrackedCopy copy, string url) =>
        url.StartsWith($"{copy.BaseUrl}/u/", StringComparison.Ordinal) ? url : $"{copy.BaseUrl}/t/c/{Token(TrackingToken.Click, copy, url)}";

    private string Token(char kind, TrackedCopy copy, string? url) =>
        tokens.Create(new TrackingToken(kind, copy.Entry.TenantId, copy.Entry.Id, copy.Entry.Shard, copy.Entry.Sequence + 2, copy.SentAt, url, copy.Flags));
}
