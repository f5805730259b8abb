namespace SendGateway.Server.Reputation;

/// <summary>The lines in force for a tenant and the minimum volumes before a rate counts.</summary>
internal sealed record ReputationLinesView(
    double WarnComplaintRate, double PauseComplaintRate, double WarnHardBounceRate, double PauseHardBounceRate, int MinimumDelivered, int MinimumAttempted)
{
    public static ReputationLinesView From(ReputationLines l) =>
        new(l.WarnComplaintRate, l.PauseComplaintRate, l.WarnHardBounceRate, l.PauseHardBounceRate, l.MinimumDelivered, l.MinimumAttempted);
}
