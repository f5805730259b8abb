namespace SendGateway.Smtp.Protocol;

/// <summary>Canned replies; texts follow Postfix so that tools which parse Postfix logs read ours (reliability.md §10).</summary>
public static class SmtpReplies
{
    public static readonly SmtpReply Ok = new(250, "2.0.0", "Ok");
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Ok");
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Ok");
    public static readonly SmtpReply StartData = new(354, null, "End data with <CR><LF>.<CR><LF>");
    public static readonly SmtpReply Bye = new(221, "2.0.0", "Bye") { ClosesSession = true };
    public static readonly SmtpReply CommandUnrecognized = new(500, "5.5.2", "Error: command not recognized");
    public static readonly SmtpReply CommandTooLong = new(500, "5.5.2", "Error: command too long");
    public static readonly SmtpReply NeedHelo = new(503, "5.5.1", "Error: send HELO/EHLO first");
    public static readonly SmtpReply NeedMail = new(503, "5.5.1", "Error: need MAIL command");
    public static readonly SmtpReply NeedRcpt = new(503, "5.5.1", "Error: need RCPT command");
    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Error: nested MAIL command");
    public static readonly SmtpReply BadSender = new(501, "5.1.7", "Bad sender address syntax");
    public static readonly SmtpReply BadRecipient = new(501, "5.1.3", "Bad recipient address syntax");
    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Error: too many recipients");
    public static readonly SmtpReply MessageTooBig = new(552, "5.3.4", "Message size exceeds fixed limit");
    public static readonly SmtpReply BareNewline = new(550, "5.5.2", "Error: bare <LF> received");
    public static readonly SmtpReply LineTooLong = new(554, "5.6.0", "Error: line longer than 998 characters");
    public static readonly SmtpReply TooManyErrors = new(421, "4.7.0", "Error: too many errors") { ClosesSession = true };
    public static readonly SmtpReply Timeout = new(421, "4.4.2", "Error: timeout exceeded") { ClosesSession = true };
    public static readonly SmtpReply ShuttingDown = new(421, "4.3.2", "Service not available, closing transmission channel") { ClosesSession = true };
    public static readonly SmtpReply Disabled = new(502, "5.5.1", "Error: command not implemented");
    public static readonly SmtpReply SyntaxHelo = new(501, "5.5.4", "Syntax: EHLO hostname");
    public static readonly SmtpReply UnsupportedOption = new(555, "5.5.4", "Unsupported option");
    public static readonly SmtpReply BadSizeSyntax = new(501, "5.5.4", "Bad message size syntax");
    public static readonly SmtpReply WriteError = new(451, "4.3.0", "Error: queue file write error");
}
