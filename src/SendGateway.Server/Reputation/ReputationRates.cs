namespace SendGateway.Server.Reputation;

/// <summary>Counts and rates in the window, as the API and the webhook events show them.</summary>
internal sealed record ReputationRates(long Delivered, long Attempted, long Complaints, long HardBounces, double ComplaintRate, double HardBounceRate)
{
    public static ReputationRates From(ReputationCounts c) => new(c.Delivered, c.Attempted, c.Complaints, c.HardBounces, c.ComplaintRate, c.HardBounceRate);
}
