using SendGateway.Smtp.Commands;
using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp.StateMachine;

/// <summary>
/// Which command each session state allows (SmtpServer's SmtpStateTable): a command not allowed in the current
/// state gets the reply Postfix gives for it (reliability.md §10), counted as an error.
/// </summary>
public static class SmtpStateTable
{
    private static readonly Dictionary<SmtpVerb, ISmtpCommand> Commands = new()
    {
        [SmtpVerb.Helo] = new HeloCommand(),
        [SmtpVerb.Ehlo] = new EhloCommand(),
        [SmtpVerb.StartTls] = new StartTlsCommand(),
        [SmtpVerb.Auth] = new AuthCommand(),
        [SmtpVerb.Mail] = new MailCommand(),
        [SmtpVerb.Rcpt] = new RcptCommand(),
        [SmtpVerb.Data] = new DataCommand(),
        [SmtpVerb.Bdat] = new BdatCommand(),
        [SmtpVerb.Rset] = new RsetCommand(),
        [SmtpVerb.Noop] = new NoopCommand(),
        [SmtpVerb.Quit] = new QuitCommand(),
        [SmtpVerb.Vrfy] = new DisabledCommand("VRFY"),
        [SmtpVerb.Expn] = new DisabledCommand("EXPN"),
        [SmtpVerb.Etrn] = new DisabledCommand("ETRN"),
        [SmtpVerb.Turn] = new DisabledCommand("TURN"),
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
    public static (ISmtpCommand? Command, SmtpReply? Refusal) Resolve(SmtpSessionContext session, SmtpVerb verb)
    {
        if (!Commands.TryGetValue(verb, out var command))
        {
            return (null, session.Strike(SmtpReplies.CommandUnrecognized));
        }

        if (verb is SmtpVerb.Noop or SmtpVerb.Rset or SmtpVerb.Vrfy or SmtpVerb.Expn or SmtpVerb.Etrn or SmtpVerb.Turn
            && ++session.JunkCommands > session.Limits.MaxJunkCommands)
        {
            session.Errors++; // still answered as usual; past the junk limit each one counts as an error (Postfix)
        }

        var state = StateOf(session);
        var refusal = verb switch
        {
            SmtpVerb.Helo or SmtpVerb.Ehlo or SmtpVerb.Rset or SmtpVerb.Noop or SmtpVerb.Quit or SmtpVerb.Vrfy or SmtpVerb.Expn or SmtpVerb.Etrn or SmtpVerb.Turn => null,
            SmtpVerb.StartTls when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            SmtpVerb.StartTls when state != SmtpStateId.Ready && !session.IsSecure => SmtpReplies.AuthenticationInTransaction,
            SmtpVerb.Auth when !session.Options.AuthenticationEnabled => new SmtpReply(502, "5.5.1", "Error: authentication not enabled"),
            SmtpVerb.Auth when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            SmtpVerb.Auth when session.Identity is not null => SmtpReplies.AlreadyAuthenticated,
            SmtpVerb.Auth when state != SmtpStateId.Ready => SmtpReplies.AuthenticationInTransaction,
            SmtpVerb.Mail when state == SmtpStateId.WaitingForHelo => SmtpReplies.NeedHelo,
            SmtpVerb.Mail when state != SmtpStateId.Ready => SmtpReplies.NestedMail,
            SmtpVerb.Rcpt when state is SmtpStateId.WaitingForHelo or SmtpStateId.Ready => SmtpReplies.NeedMail,
            SmtpVerb.Rcpt when state == SmtpStateId.ReceivingChunks => SmtpReplies.DataAfterBdat,
            SmtpVerb.Data when state == SmtpStateId.ReceivingChunks => SmtpReplies.DataAfterBdat,
            SmtpVerb.Data or SmtpVerb.Bdat when state is SmtpStateId.WaitingForHelo or SmtpStateId.Ready => SmtpReplies.NeedMail,
            SmtpVerb.Data or SmtpVerb.Bdat when state == SmtpStateId.WaitingForRecipient =>
                session.RejectedRecipients > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRcpt,
            SmtpVerb.Bdat when !session.Options.Chunking => SmtpReplies.CommandUnrecognized,
            _ => null,
        };
        return refusal is null ? (command, null) : (null, session.Strike(refusal));
    }
}
