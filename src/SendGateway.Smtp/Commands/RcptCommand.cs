using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>RCPT TO: path syntax, the recipient limit (452 4.5.3, RFC 5321 §4.5.3.1.10), then the handler.</summary>
public sealed class RcptCommand : ISmtpCommand
{
    public async ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction!;
        if (!SmtpCommandParser.TryParsePath(argument, "TO:", allowNull: false, out var recipient))
        {
            session.RejectedRecipients++;
            return session.Strike(SmtpReplies.BadRecipient);
        }

        if (recipient!.Parameters.Count > 0)
        {
            return session.Strike(new SmtpReply(555, "5.5.4", $"Unsupported option: {recipient.Parameters.Keys.First()}"));
        }

        if (!transaction.Utf8 && !recipient.Address.All(char.IsAscii))
        {
            return SmtpReplies.UnicodeWithoutSmtpUtf8;
        }

        if (transaction.Recipients.Count >= session.Limits.MaxRecipients)
        {
            // Past the limit every further RCPT is an error, so a flood ends in 421 (reliability.md T20).
            return session.Strike(SmtpReplies.TooManyRecipients);
        }

        var reply = await session.Handler.OnRecipientAsync(session, recipient, cancellationToken).ConfigureAwait(false);
        if (reply.IsPositive)
        {
            transaction.Recipients.Add(recipient);
        }
        else
        {
            session.RejectedRecipients++;
        }

        return reply;
    }
}
