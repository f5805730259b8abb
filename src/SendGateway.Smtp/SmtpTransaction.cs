using SendGateway.Smtp.Protocol;

namespace SendGateway.Smtp;

/// <summary>One mail transaction of a session: the envelope collected between MAIL and the end of DATA.</summary>
public sealed class SmtpTransaction
{
    public required SmtpPath From { get; init; }

    public List<SmtpPath> Recipients { get; } = [];

    public string? HeloName { get; init; }

    public System.Net.EndPoint? RemoteEndPoint { get; init; }
}
