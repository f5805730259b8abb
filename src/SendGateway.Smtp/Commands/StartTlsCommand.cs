using System.Security.Authentication;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>
/// STARTTLS (RFC 3207). Anything the client pipelined after the command is refused and the connection closed
/// (CVE-2011-0411: plaintext injected before the handshake must never run inside TLS); after the handshake the
/// session starts over: no HELO, no transaction, no identity.
/// </summary>
public sealed class StartTlsCommand : ISmtpCommand
{
    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length > 0)
        {
            return session.Strike(SmtpReplies.SyntaxStartTls);
        }

        if (session.IsSecure)
        {
            return session.Strike(SmtpReplies.TlsAlreadyActive);
        }

        if (session.Options.Certificate is not { } certificate)
        {
            return SmtpReplies.TlsNotAvailable;
        }

        if (session.Transport.HasBufferedInput())
        {
            return SmtpReplies.ProtocolSynchronization;
        }

        if (!await session.WriteAsync(SmtpReplies.ReadyToStartTls, cancellationToken).ConfigureAwait(false))
        {
            return SmtpReply.Disconnect;
        }

        try
        {
            await session.Transport.UpgradeToTlsAsync(certificate, session.Options.TlsHandshakeTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return SmtpReply.Disconnect;
        }

        session.HeloName = null;
        session.Extended = false;
        session.Identity = null;
        session.IdentityDefaults = null;
        session.ResetTransaction();
        return SmtpReply.Silent;
    }
}
