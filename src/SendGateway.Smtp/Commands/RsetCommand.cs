using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

public sealed class RsetCommand : ISmtpCommand
{
    public ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken)
    {
        session.ResetTransaction();
        return ValueTask.FromResult(SmtpReplies.Ok);
    }
}
