using Microsoft.Extensions.Options;
using MimeKit;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Tracking;

/// <summary>
/// At delivery, per recipient, after rendering and before DKIM signing (the signature covers the rewritten body):
/// rewrites every HTML part of the copy for the opens and clicks the message asked for. MimeKit re-encodes the part
/// (quoted-printable or base64 as needed). A copy without an HTML part gets no pixel.
/// </summary>
public sealed class MessageTracker(TrackingTokens tokens, IOptions<TrackingOptions> options)
{
    public void Apply(MimeMessage message, QueueEntry entry, BatchContent content, DateTimeOffset now)
    {
        if (content.TrackOpens != true && content.TrackClicks != true)
        {
            return;
        }

        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        string Token(char kind, string? url) =>
            tokens.Create(new TrackingToken(kind, entry.TenantId, entry.Id, entry.Shard, entry.Sequence + 2, now, url));
        var pixel = content.TrackOpens == true ? $"{baseUrl}/t/o/{Token(TrackingToken.Open, null)}" : null;
        Func<string, string>? click = content.TrackClicks == true ? url => $"{baseUrl}/t/c/{Token(TrackingToken.Click, url)}" : null;
        foreach (var part in message.BodyParts.OfType<TextPart>().Where(p => p.IsHtml && !p.IsAttachment))
        {
            part.Text = LinkRewriter.Rewrite(part.Text, click, pixel, options.Value.MaxLinksPerMessage);
        }
    }
}
