using SendGateway.Server.Messages;

namespace SendGateway.Server.Relay;

/// <summary>
/// What the relay's <c>250</c> after the data names: the batch and its messages' ids, with which
/// <c>GET /v1/messages/{id}</c> and the panel's Activity find each copy (a batch id alone led nowhere). At most
/// <see cref="MaxIdsShown"/> ids, then how many more, so the reply stays one short line whatever the recipients.
/// </summary>
internal static class QueuedReply
{
    public const int MaxIdsShown = 3;

    /// <summary>The text after <c>queued as</c>, kept whole for an <c>X-Idempotency-Key</c> replay.</summary>
    public static string Of(MessageAccepted accepted)
    {
        var ids = accepted.Messages.Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return accepted.BatchId;
        }

        var shown = string.Join(", ", ids.Take(MaxIdsShown));
        var more = ids.Count > MaxIdsShown ? $" and {ids.Count - MaxIdsShown} more" : string.Empty;
        return $"{accepted.BatchId} ({(ids.Count == 1 ? "message" : "messages")} {shown}{more})";
    }
}
