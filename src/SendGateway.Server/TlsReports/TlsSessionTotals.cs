using StackExchange.Redis;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// Reads a recipient domain's counted sessions of today for the operator (<c>GET /v1/admin/tls-policies</c>, the
/// console's TLS policies page); null when nothing was counted (TLS reports off, or no session yet today).
/// </summary>
internal sealed class TlsSessionTotals(IConnectionMultiplexer redis, TimeProvider time)
{
    public async Task<TlsSessionsToday?> TodayAsync(string domain, CancellationToken cancellationToken)
    {
        if (TlsReportKeys.Domain(domain) is not { } name)
        {
            return null;
        }

        var policies = await TlsReportCounts.ReadAsync(redis.GetDatabase(), TlsReportKeys.Day(time.GetUtcNow()), name, cancellationToken);
        if (policies.Count == 0)
        {
            return null;
        }

        var byResult = policies.SelectMany(p => p.Details)
            .GroupBy(d => d.Failure.ResultType, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(d => d.Sessions), StringComparer.Ordinal);
        return new TlsSessionsToday(policies.Sum(p => p.Successes), policies.Sum(p => p.Failures), byResult);
    }
}
