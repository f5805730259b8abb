using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>A request that passed validation: the shared content plus one entry per <c>to</c>, and the message's own lifetime.</summary>
internal sealed record ValidatedMessage(
    BatchContent Content, IReadOnlyList<ValidatedRecipient> To, IReadOnlyList<BatchAddress> Cc, IReadOnlyList<BatchAddress> Bcc, DateTimeOffset? SendAt,
    TimeSpan? Lifetime = null)
{
    public int EnvelopeRecipients => To.Count * (1 + Cc.Count + Bcc.Count);
}
