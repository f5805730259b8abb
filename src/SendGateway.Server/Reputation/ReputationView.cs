namespace SendGateway.Server.Reputation;

/// <summary>
/// A tenant's reputation as operators see it: paused (and why, since when), the warning in effect, the lines in force
/// (<see cref="Own"/>: the tenant's own, null where the option applies), and the counts and rates in the window, the
/// tenant's and each sender domain's.
/// </summary>
internal sealed record ReputationView(
    string TenantId, bool Paused, string? PausedReason, DateTime? PausedSince, string? Warning, ReputationLinesView Lines, ReputationLinesRequest Own,
    long WindowSeconds, ReputationRates Rates, IReadOnlyDictionary<string, ReputationRates> Domains);
