using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

public sealed class HeloCommand : ISmtpCommand
{
    public ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        if (argument.Length == 0)
        {
            return ValueTask.FromResult(session.Strike(new SmtpReply(501, "5.5.4", "Syntax: HELO hostname")));
        }

        session.HeloName = argument;
        session.Extended = false;
        session.ResetTransaction();
        return ValueTask.FromResult(new SmtpReply(250, null, session.Options.HostName));
    }
}
