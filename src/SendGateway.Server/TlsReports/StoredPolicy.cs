namespace SendGateway.Server.TlsReports;

/// <summary>A counted policy as stored once per domain and day (RFC 8460 §4.4 <c>policy</c>, without its domain).</summary>
internal sealed record StoredPolicy(string Type, IReadOnlyList<string> Strings, IReadOnlyList<string> MxHosts);
