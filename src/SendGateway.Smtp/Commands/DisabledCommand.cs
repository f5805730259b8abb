using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.Commands;

/// <summary>VRFY, EXPN, ETRN, TURN: known, deliberately off (Postfix: 502 5.5.1).</summary>
public sealed class DisabledCommand(string verb) : ISmtpCommand
{
    public ValueTask<SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new SmtpReply(502, "5.5.1", $"{verb} command is disabled"));
}
