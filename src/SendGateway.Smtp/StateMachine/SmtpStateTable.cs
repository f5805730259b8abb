using SendGateway.Smtp.Commands;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.StateMachine;

/// <summary>
/// Which command each session state allows (SmtpServer's SmtpStateTable): a command not allowed in the current
/// state gets the reply Postfix gives for it (reliability.md §10), counted as an error.
/// </summary>
public static class SmtpStateTable
{
    private static readonly Dictionary<string, ISmtpCommand> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HELO"] = new HeloCommand(),
        ["EHLO"] = new EhloCommand(),
        ["STARTTLS"] = new StartTlsCommand(),
        ["AUTH"] = new AuthCommand(),
        ["MAIL"] = new MailCommand(),
        ["RCPT"] = new RcptCommand(),
        ["DATA"] = new DataCommand(),
        ["BDAT"] = new BdatCommand(),
        ["RSET"] = new RsetCommand(),
        ["NOOP"] = new NoopCommand(),
        ["QUIT"] = new QuitCommand(),
        ["VRFY"] = new DisabledCommand("VRFY"),
        ["EXPN"] = new DisabledCommand("EXPN"),
        ["ETRN"] = new DisabledCommand("ETRN"),
        ["TURN"] = new DisabledCommand("TURN"),
    };

    public static SmtpStateId StateOf(SmtpSessionContext session) => session switch
    {
        { HeloName: null } => SmtpStateId.WaitingForHelo,
        { Chunks: not null } => SmtpStateId.ReceivingChunks,
        { Transaction: null } => SmtpStateId.Ready,
        { Transaction.Recipients.Count: 0 } => SmtpStateId.WaitingForRecipient,
        _ => SmtpStateId.HasRecipients,
    };

    /// <summary>The command to run, or the reply refusing it in this state.</summary>
    public static (ISmtpCommand? Command, SmtpReply? Refusal) Resolve(SmtpSessionContext session, string verb)
    {
        if (!Commands.TryGetValue(verb, out var command))
        {
            return (null, session.Strike(SmtpReplies.CommandUnrecognized));
        }

        var state = StateOf(session);
        var refusal = verb.ToUpperInvariant() switch
        {
            "HELO" or "EHLO" or "RSET" or "NOOP" or "QUIT" or "VRFY" or "EXPN" or "ETRN" or "TURN" => null,
            "STARTTLS" when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            "STARTTLS" when state != SmtpStateId.Ready && !session.IsSecure => SmtpReplies.AuthenticationInTransaction,
            "AUTH" when !session.Options.AuthenticationEnabled => new SmtpReply(502, "5.5.1", "Error: authentication not enabled"),
            "AUTH" when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            "AUTH" when session.Identity is not null => SmtpReplies.AlreadyAuthenticated,
            "AUTH" when state != SmtpStateId.Ready => SmtpReplies.AuthenticationInTransaction,
            "MAIL" when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            "MAIL" when state != SmtpStateId.Ready => SmtpReplies.NestedMail,
            "RCPT" when state is SmtpStateId.WaitingForHelo or SmtpStateId.Ready => SmtpReplies.NeedMail,
            "RCPT" when state == SmtpStateId.ReceivingChunks => SmtpReplies.DataAfterBdat,
            "DATA" when state == SmtpStateId.ReceivingChunks => SmtpReplies.DataAfterBdat,
            "DATA" or "BDAT" when state is SmtpStateId.WaitingForHelo or SmtpStateId.Ready => SmtpReplies.NeedMail,
            "DATA" or "BDAT" when state == SmtpStateId.WaitingForRecipient =>
                session.RejectedRecipients > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRcpt,
            "BDAT" when !session.Options.Chunking => SmtpReplies.CommandUnrecognized,
            _ => null,
        };
        return refusal is null ? (command, null) : (null, session.Strike(refusal));
    }
}
