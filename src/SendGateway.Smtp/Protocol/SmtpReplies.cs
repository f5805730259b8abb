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
    /// <summary>The host is stopping (reliability.md T94): to a new session and to one waiting for a command.</summary>
    public static readonly SmtpReply ShuttingDown = new(421, "4.3.2", "Service shutting down, closing transmission channel") { ClosesSession = true };
    public static readonly SmtpReply Disabled = new(502, "5.5.1", "Error: command not implemented");
    public static readonly SmtpReply SyntaxHelo = new(501, "5.5.4", "Syntax: EHLO hostname");
    public static readonly SmtpReply UnsupportedOption = new(555, "5.5.4", "Unsupported option");
    public static readonly SmtpReply BadSizeSyntax = new(501, "5.5.4", "Bad message size syntax");
    public static readonly SmtpReply WriteError = new(451, "4.3.0", "Error: queue file write error");
    public static readonly SmtpReply InsufficientStorage = new(452, "4.3.1", "Insufficient system storage");
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "Error: no valid recipients");
    public static readonly SmtpReply ProtocolSynchronization = new(554, "5.5.0", "Error: SMTP protocol synchronization") { ClosesSession = true };
    public static readonly SmtpReply CrossProtocol = new(221, "2.7.0", "Error: I can break rules, too. Goodbye.") { ClosesSession = true };
    public static readonly SmtpReply BadUtf8 = new(500, "5.5.2", "Error: bad UTF-8 syntax");
    public static readonly SmtpReply UnicodeWithoutSmtpUtf8 = new(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address");
    public static readonly SmtpReply NulInData = new(550, "5.6.0", "Error: NUL character in message");
    public static readonly SmtpReply ReadyToStartTls = new(220, "2.0.0", "Ready to start TLS");
    public static readonly SmtpReply SyntaxStartTls = new(501, "5.5.4", "Syntax: STARTTLS");
    public static readonly SmtpReply TlsAlreadyActive = new(554, "5.5.1", "Error: TLS already active");
    public static readonly SmtpReply TlsNotAvailable = new(454, "4.7.0", "TLS not available due to local problem");
    public static readonly SmtpReply AuthenticationRequired = new(530, "5.7.0", "Authentication required");
    /// <summary>MAIL or AUTH before TLS where authentication needs TLS (RFC 3207; Postfix's text).</summary>
    public static readonly SmtpReply StartTlsFirst = new(530, "5.7.0", "Must issue a STARTTLS command first");
    /// <summary>MAIL FROM with REQUIRETLS outside TLS (RFC 8689 §2: the option is only offered, and only valid, on a TLS session).</summary>
    public static readonly SmtpReply RequireTlsWithoutTls = new(530, "5.7.10", "REQUIRETLS requires a TLS session");
    public static readonly SmtpReply EncryptionRequired = new(538, "5.7.11", "Encryption required for requested authentication mechanism");
    public static readonly SmtpReply AuthenticationSucceeded = new(235, "2.7.0", "Authentication successful");
    public static readonly SmtpReply AuthenticationInvalid = new(535, "5.7.8", "Authentication credentials invalid");
    public static readonly SmtpReply AuthenticationTemporaryFailure = new(454, "4.7.0", "Temporary authentication failure");
    public static readonly SmtpReply AuthenticationLineTooLong = new(500, "5.5.6", "Authentication Exchange line is too long");
    public static readonly SmtpReply AuthenticationCannotDecode = new(501, "5.5.2", "Cannot decode response");
    public static readonly SmtpReply AuthenticationAborted = new(501, "5.7.0", "Authentication aborted");
    public static readonly SmtpReply AuthenticationUnknownMechanism = new(504, "5.5.4", "Unrecognized authentication type");
    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1", "Error: already authenticated");
    public static readonly SmtpReply AuthenticationInTransaction = new(503, "5.5.1", "Error: MAIL transaction in progress");
    public static readonly SmtpReply TooManyAuthenticationFailures = new(421, "4.7.0", "Too many failed authentications") { ClosesSession = true };
    public static readonly SmtpReply DataAfterBdat = new(503, "5.5.1", "Error: DATA after BDAT");
    public static readonly SmtpReply BdatSyntax = new(521, "5.5.4", "Syntax: BDAT count [LAST]") { ClosesSession = true };
    public static readonly SmtpReply ChunkTooBig = new(552, "5.3.4", "Chunk exceeds message size limit");
}
