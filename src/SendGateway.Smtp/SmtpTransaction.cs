using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>One mail transaction of a session: the envelope collected between MAIL and the end of DATA/BDAT.</summary>
public sealed class SmtpTransaction
{
    public required SmtpPath From { get; init; }

    public List<SmtpPath> Recipients { get; } = [];

    /// <summary>MAIL carried SMTPUTF8.</summary>
    public bool Utf8 { get; init; }

    /// <summary>MAIL carried REQUIRETLS (RFC 8689): the message needs verified TLS on every onward hop.</summary>
    public bool RequireTls { get; init; }
}
