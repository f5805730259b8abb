using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>
/// The seam between the protocol and what the host does with it. Each hook returns the reply to send;
/// <see cref="SmtpReply.Disconnect"/> closes the connection without a reply.
/// </summary>
public interface ISmtpSessionHandler
{
    /// <summary>Called for every parsed command before the session acts on it; a non-null reply short-circuits it.</summary>
    ValueTask<SmtpReply?> OnCommandAsync(SmtpCommand command, CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);

    ValueTask<SmtpReply> OnMailAsync(SmtpPath from, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpReplies.SenderOk);

    ValueTask<SmtpReply> OnRecipientAsync(SmtpTransaction transaction, SmtpPath recipient, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpReplies.RecipientOk);

    /// <summary>Called after DATA was accepted with 354, before any content is read; non-null replaces reading (tests: drop mid-DATA).</summary>
    ValueTask<SmtpReply?> OnDataStartAsync(SmtpTransaction transaction, CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);

    /// <summary>Hands over a complete message; the reply is the answer to the final dot.</summary>
    ValueTask<SmtpReply> OnMessageAsync(SmtpTransaction transaction, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
