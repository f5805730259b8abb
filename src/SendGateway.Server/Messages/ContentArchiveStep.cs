using SendGateway.Server.Events;
using SendGateway.Server.Queue;
using SendGateway.Server.Settings;

namespace SendGateway.Server.Messages;

/// <summary>
/// Final outcomes carrying the copy as sent (their tenant keeps content): the copy moves from the event, where it was
/// sealed with the queue key, into <c>message_contents</c>, sealed with the master key, for the tenant's
/// <c>keep_content_days</c> as it stands now (a tenant that turned it off since keeps nothing). After the message
/// status step, so the message's row exists.
/// </summary>
internal sealed class ContentArchiveStep(OutboundQueue queue, MessageContentStore store, TenantSettingsStore settings) : IIngestStep
{
    public async Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        List<(string, string, byte[], int)>? copies = null;
        foreach (var e in batch.Events)
        {
            if (e.SentContent is not { } sealedContent || e.TenantId is not { } tenantId)
            {
                continue;
            }

            if ((await settings.GetAsync(tenantId, cancellationToken)).KeepContentDays is not { } days)
            {
                continue;
            }

            try
            {
                (copies ??= []).Add((tenantId, e.MessageId, queue.OpenSentContent(sealedContent, e.MessageId), days));
            }
            catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
            {
                // Sealed under a queue key no longer configured, or damaged: the event is stored, the copy is not.
            }
        }

        if (copies is not null)
        {
            await store.KeepAsync(batch.Connection, batch.Transaction, copies, cancellationToken);
        }
    }
}
