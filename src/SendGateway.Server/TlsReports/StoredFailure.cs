namespace SendGateway.Server.TlsReports;

/// <summary>A failure detail as stored once per policy and day (RFC 8460 §4.4 <c>failure-details</c>, without its count).</summary>
internal sealed record StoredFailure(
    string ResultType, string? SendingIp, string? ReceivingMx, string? ReceivingIp, string? ReceivingHelo, string? Information);
