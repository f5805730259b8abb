using System.Globalization;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Reputation;

/// <summary>A tenant's warn and pause lines: its own where set, else the options'; and the minimum volumes.</summary>
internal sealed record ReputationLines(double WarnComplaintRate, double PauseComplaintRate, double WarnHardBounceRate, double PauseHardBounceRate, int MinimumDelivered, int MinimumAttempted)
{
    public static ReputationLines For(Tenant tenant, ReputationOptions o) => new(
        tenant.WarnComplaintRate ?? o.WarnComplaintRate, tenant.PauseComplaintRate ?? o.PauseComplaintRate,
        tenant.WarnHardBounceRate ?? o.WarnHardBounceRate, tenant.PauseHardBounceRate ?? o.PauseHardBounceRate, o.MinimumDelivered, o.MinimumAttempted);

    /// <summary>The highest line <paramref name="counts"/> crosses (pause before warn, complaints before hard bounces), with why; none under the minimum volumes.</summary>
    public (ReputationLevel Level, string? Reason) Judge(ReputationCounts counts, string scope)
    {
        var complaints = counts.Delivered >= MinimumDelivered;
        var bounces = counts.Attempted >= MinimumAttempted;
        return (complaints, bounces) switch
        {
            (true, _) when counts.ComplaintRate >= PauseComplaintRate => (ReputationLevel.Pause, Complaint(counts, scope, "pause", PauseComplaintRate)),
            (_, true) when counts.HardBounceRate >= PauseHardBounceRate => (ReputationLevel.Pause, HardBounce(counts, scope, "pause", PauseHardBounceRate)),
            (true, _) when counts.ComplaintRate >= WarnComplaintRate => (ReputationLevel.Warn, Complaint(counts, scope, "warn", WarnComplaintRate)),
            (_, true) when counts.HardBounceRate >= WarnHardBounceRate => (ReputationLevel.Warn, HardBounce(counts, scope, "warn", WarnHardBounceRate)),
            _ => (ReputationLevel.None, null),
        };
    }

    private static string Complaint(ReputationCounts c, string scope, string line, double at) =>
        $"{scope}complaint rate {Percent(c.ComplaintRate)} reached the {line} line {Percent(at)} ({c.Complaints} complaints of {c.Delivered} delivered)";

    private static string HardBounce(ReputationCounts c, string scope, string line, double at) =>
        $"{scope}hard-bounce rate {Percent(c.HardBounceRate)} reached the {line} line {Percent(at)} ({c.HardBounces} hard bounces of {c.Attempted} attempts)";

    private static string Percent(double rate) => (rate * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
