using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>
/// The seam between the protocol and what the host does with it (SmtpServer's IMessageStore). Each hook returns the
/// reply to send; <see cref="SmtpReply.Disconnect"/> closes the connection without one.
/// </summary>
public interface ISmtpSessionHandler
{
    /// <summary>Called for every parsed command before the session acts on it; a non-null reply short-circuits it.</summary>
    ValueTask<SmtpReply?> OnCommandAsync(SmtpSessionContext session, SmtpCommand command, CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);

    ValueTask<SmtpAuthResult> AuthenticateAsync(SmtpSessionContext session, string user, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SmtpAuthResult.Failed);

    /// <summary>Where authentication is required: an identity for a client trusted by address (Postfix mynetworks), or null.</summary>
    ValueTask<string?> IdentifyUnauthenticatedAsync(SmtpSessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext session, SmtpPath from, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpReplies.SenderOk);

    ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpReplies.RecipientOk);

    /// <summary>Called after DATA was accepted with 354, before any content is read; non-null replaces reading (tests: drop mid-DATA).</summary>
    ValueTask<SmtpReply?> OnDataStartAsync(SmtpSessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult<SmtpReply?>(null);

    /// <summary>Hands over a complete message (<see cref="SmtpSessionContext.Transaction"/> is its envelope); the reply answers the final dot or last BDAT.</summary>
    ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);
}
