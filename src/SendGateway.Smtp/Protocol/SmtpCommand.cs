namespace SendGateway.Smtp.Protocol;

/// <summary>A parsed command line: the verb and what follows it (without the CRLF).</summary>
public readonly record struct SmtpCommand(SmtpVerb Verb, string Argument);
