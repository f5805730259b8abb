using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// At delivery, per recipient, after rendering and before DKIM signing (the signature covers all of it): the
/// one-click unsubscribe headers of RFC 8058 unless the message turned them off, and every HTML part rewritten for
/// the opens and clicks the message asked for. MimeKit re-encodes a rewritten part (quoted-printable or base64 as
/// needed). A copy without an HTML part gets no pixel.
/// </summary>
public sealed class MessageTracker(TrackingTokens tokens, IOptions<TrackingOptions> options)
{
    private string BaseUrl => options.Value.BaseUrl.TrimEnd('/');

    /// <summary>This copy's unsubscribe page (also <c>{{ unsubscribe_url }}</c>), or null when the message turned it off.</summary>
    public string? UnsubscribeUrl(QueueEntry entry, BatchContent content, DateTimeOffset now) =>
        content.Unsubscribe == false ? null : $"{BaseUrl}/u/{Token(TrackingToken.Unsubscribe, entry, now, null)}";

    public void Apply(MimeMessage message, QueueEntry entry, BatchContent content, string? unsubscribeUrl, DateTimeOffset now)
    {
        if (unsubscribeUrl is not null)
        {
            message.Headers.RemoveAll(HeaderId.ListUnsubscribe); // a relayed message's own: ours is the one that works
            message.Headers.RemoveAll("List-Unsubscribe-Post");
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        if (content.TrackOpens != true && content.TrackClicks != true)
        {
            return;
        }

        var pixel = content.TrackOpens == true ? $"{BaseUrl}/t/o/{Token(TrackingToken.Open, entry, now, null)}" : null;
        var unsubscribePrefix = $"{BaseUrl}/u/";
        Func<string, string>? click = content.TrackClicks == true
            ? url => url.StartsWith(unsubscribePrefix, StringComparison.Ordinal) ? url : $"{BaseUrl}/t/c/{Token(TrackingToken.Click, entry, now, url)}"
            : null;
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsHtml && !p.IsAttachment))
        {
            part.Text = LinkRewriter.Rewrite(part.Text, click, pixel, options.Value.MaxLinksPerMessage);
        }
    }

    private string Token(char kind, QueueEntry entry, DateTimeOffset now, string? url) =>
        tokens.Create(new TrackingToken(kind, entry.TenantId, entry.Id, entry.Shard, entry.Sequence + 2, now, url));
}
