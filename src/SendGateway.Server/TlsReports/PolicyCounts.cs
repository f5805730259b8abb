namespace SendGateway.Server.TlsReports;

/// <summary>One policy's sessions of a domain and day: its successes, failures, and the failure details kept (with their counts).</summary>
internal sealed record PolicyCounts(StoredPolicy Policy, long Successes, long Failures, IReadOnlyList<(StoredFailure Failure, long Sessions)> Details);
