using MimeKit;
using SendGateway.Server.Delivery.Dkim;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>Step "build and sign": one recipient's MIME copy, its links and pixel for tracking, DKIM-signed with the sender domain's key at this moment.</summary>
internal sealed class MessagePreparer(DkimSigners signers, Templates.TemplateEngine templates, Tracking.MessageTracker tracker, TimeProvider time)
{
    /// <summary>Null when the sender's domain was removed since the message was accepted: there is no key to sign with.</summary>
    public async Task<MimeMessage?> PrepareAsync(QueueEntry entry, BatchContent content, CancellationToken cancellationToken)
    {
        var signer = await signers.GetAsync(entry.TenantId, Addresses.DomainOf(content.FromEmail), cancellationToken);
        if (signer is null)
        {
            return null;
        }

        var copy = await tracker.BeginAsync(entry, content, time.GetUtcNow(), cancellationToken);
        var message = MimeBuilder.Build(entry, content, templates, copy.UnsubscribeUrl);
        tracker.Apply(message, content, copy); // after rendering, before signing: the signature covers it
        MimeBuilder.Sign(message, signer, time.GetUtcNow(), SubmittedBodyUnchanged(content) && MimeBuilder.IsSevenBitSafe(content.Mime));
        return message;
    }

    /// <summary>Submitted MIME whose body tracking leaves alone (no pixel, no rewritten links, no footer): only headers are added.</summary>
    private static bool SubmittedBodyUnchanged(BatchContent content) =>
        content.Mime is not null && content.TrackOpens != true && content.TrackClicks != true && content.UnsubscribeFooter != true;
}
