namespace SendGateway.Smtp.Protocol;

/// <summary>
/// A parsed command line: the verb and what follows it (without the CRLF). <see cref="CrossProtocol"/> marks a line
/// of another protocol (an HTTP request line, a mail header): the verb is then <see cref="SmtpVerb.Unknown"/>.
/// </summary>
public readonly record struct SmtpCommand(SmtpVerb Verb, string Argument, bool CrossProtocol = false);
