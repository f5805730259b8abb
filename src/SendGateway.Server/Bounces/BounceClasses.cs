namespace SendGateway.Server.Bounces;

/// <summary>Bounce classes of api.md §4.</summary>
internal static class BounceClasses
{
    public const string InvalidRecipient = "InvalidRecipient";
    public const string InactiveMailbox = "InactiveMailbox";
    public const string MailboxFull = "MailboxFull";
    public const string BadDomain = "BadDomain";
    public const string DnsFailure = "DNSFailure";
    public const string SpamBlock = "SpamBlock";
    public const string SpamContent = "SpamContent";
    public const string PolicyRelated = "PolicyRelated";
    public const string RelayDenied = "RelayDenied";
    public const string MessageTooLarge = "MessageTooLarge";
    public const string BadConnection = "BadConnection";
    public const string NoAnswerFromHost = "NoAnswerFromHost";
    public const string TransientFailure = "TransientFailure";
    public const string MessageExpired = "MessageExpired";
    public const string Other = "Other";
}
