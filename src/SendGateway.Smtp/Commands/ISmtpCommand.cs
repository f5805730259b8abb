namespace SendGateway.Smtp.Commands;

/// <summary>One SMTP verb (style.md E4: one type per command). The state table has already allowed it.</summary>
public interface ISmtpCommand
{
    ValueTask<Protocol.SmtpReply> ExecuteAsync(SmtpSessionContext session, string argument, CancellationToken cancellationToken);
}
