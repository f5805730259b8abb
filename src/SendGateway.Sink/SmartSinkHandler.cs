using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Sink;

/// <summary>
/// One session of the sink: recipients answered by <see cref="RecipientVerdicts"/>, each accepted message counted and
/// handed to <paramref name="store"/> (the .eml writer), or only counted when there is none (<c>--discard</c>).
/// </summary>
public sealed class SmartSinkHandler(RecipientVerdicts verdicts, SinkCounts counts, ISmtpSessionHandler? store) : ISmtpSessionHandler
{
    private static readonly SmtpReply Discarded = new(250, "2.0.0", "Ok: discarded");

    public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(verdicts.Decide());

    public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var reply = store is null ? Discarded : await store.OnMessageAsync(session, content, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositive)
        {
            counts.CountAccepted();
        }

        return reply;
    }
}
