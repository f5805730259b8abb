namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>What the relay answered to one transaction: MAIL, each RCPT, the end of DATA (empty when not reached) and how long that last answer took.</summary>
public sealed record RelayReplies(string Mail, IReadOnlyList<string> Recipients, string EndOfData, TimeSpan EndOfDataTook)
{
    public bool Queued => EndOfData.StartsWith("250 2.0.0 Ok: queued as ", StringComparison.Ordinal);
}
