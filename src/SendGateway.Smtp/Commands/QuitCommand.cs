using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

public sealed class QuitCommand : ISmtpCommand
{
    public ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpReplies.Bye);
}
