using SendGateway.Smtp.IO;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>
/// DATA: must end a pipelined group (RFC 2920), then the body is read under the DATA timeout up to CRLF.CRLF only,
/// and refused whole for a bare CR/LF, a NUL, an over-long line or an oversize message (reliability.md T01–T02, T18, T19).
/// </summary>
public sealed class DataCommand : ISmtpCommand
{
    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length > 0)
        {
            return session.Strike(new SmtpReply(501, "5.5.4", "Syntax: DATA"));
        }

        if (session.Transport.HasBufferedInput())
        {
            return SmtpReplies.ProtocolSynchronization;
        }

        if (!await session.WriteAsync(SmtpReplies.StartData, cancellationToken).ConfigureAwait(false))
        {
            return SmtpReply.Disconnect;
        }

        try
        {
            if (await session.Handler.OnDataStartAsync(session, cancellationToken).ConfigureAwait(false) is { } scripted)
            {
                return scripted;
            }

            using var deadline = new DataDeadline(session.Limits, cancellationToken);
            DataOutcome data;
            try
            {
                data = await session.Transport.Input.ReadDataAsync(
                    session.Limits.MaxTextLineLength, session.Limits.MaxMessageBytes, deadline.Token, deadline.Received).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return SmtpReplies.Timeout;
            }

            return data.Status switch
            {
                DataStatus.Complete => await session.Handler.OnMessageAsync(session, data.Content, cancellationToken).ConfigureAwait(false),
                DataStatus.TooLarge => SmtpReplies.MessageTooBig,
                DataStatus.BareNewline => SmtpReplies.BareNewline,
                DataStatus.Nul => SmtpReplies.NulInData,
                DataStatus.LineTooLong => SmtpReplies.LineTooLong,
                _ => SmtpReply.Disconnect,
            };
        }
        finally
        {
            session.ResetTransaction();
        }
    }
}
