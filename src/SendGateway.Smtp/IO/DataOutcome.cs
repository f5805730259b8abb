namespace SendGateway.Smtp.IO;

public enum DataStatus
{
    Complete,
    TooLarge,
    BareNewline,
    Nul,
    LineTooLong,
    Closed,
}

/// <summary>The outcome of reading a DATA block: the un-stuffed content (CRLF line ends) or why it was refused.</summary>
public sealed record DataOutcome(DataStatus Status, byte[] Content);
