using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// A recipient domain's stored MTA-STS policy as <c>GET /v1/admin/tls-policies</c> lists it: the policy (null fields
/// for a domain that only failed so far), its last fetch error, and today's TLS sessions to the domain as counted for
/// its TLS report (null when TLS reports are off or nothing was counted today).
/// </summary>
internal sealed record TlsPolicyView(
    string Domain, string? Mode, IReadOnlyList<string> Mx, string? Id, long? MaxAge,
    DateTime? FetchedAt, DateTime? ExpiresAt, string? LastError, DateTime? LastErrorAt, TlsSessionsToday? SessionsToday = null)
{
    public static TlsPolicyView Of(StoredMtaStsPolicy row, TlsSessionsToday? today) =>
        new(row.Domain, row.Mode, row.Mx, row.Id, row.MaxAge, row.FetchedAt, row.ExpiresAt, row.LastError, row.LastErrorAt, today);
}
