namespace SendGateway.Server.TlsReports;

/// <summary>
/// A recipient domain's TLS sessions so far today (UTC), all policies together, as counted for its report: successes,
/// failures, and the failures by RFC 8460 result type (the kept failure details; past their bound a failure still
/// counts in <see cref="Failed"/>).
/// </summary>
internal sealed record TlsSessionsToday(long Successful, long Failed, IReadOnlyDictionary<string, long> FailuresByResult);
