using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>A request that passed validation: the shared content plus one entry per <c>to</c>.</summary>
internal sealed record ValidatedMessage(
    BatchContent Content, IReadOnlyList<ValidatedRecipient> To, IReadOnlyList<BatchAddress> Cc, IReadOnlyList<BatchAddress> Bcc, DateTimeOffset? SendAt)
{
    public int EnvelopeRecipients => To.Count * (1 + Cc.Count + Bcc.Count);
}
