using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// Counts each session's TLS outcome per UTC day, recipient domain and policy in Redis (<see cref="TlsReportKeys"/>),
/// for the daily reports. On the delivery path it costs one script call sent without waiting for its answer
/// (fire and forget); the first session of a domain on a day in this process also waits for one call that admits the
/// domain to the day's bounded set. A Redis failure loses counts, never holds a delivery.
/// </summary>
internal sealed class RedisTlsReportSink(IConnectionMultiplexer redis, IOptions<TlsReportsOptions> options, TimeProvider time, ILogger<RedisTlsReportSink> logger)
    : ITlsReportSink
{
    private readonly Lock _gate = new();
    private string _day = string.Empty;
    private Dictionary<string, bool> _admitted = new(StringComparer.Ordinal);

    public async ValueTask RecordAsync(TlsSessionResult result, CancellationToken cancellationToken)
    {
        if (TlsReportKeys.Domain(result.PolicyDomain) is not { } domain)
        {
            return;
        }

        var settings = options.Value;
        var day = TlsReportKeys.Day(time.GetUtcNow());
        var ttl = (long)settings.CountsTtl.TotalMilliseconds;
        try
        {
            if (!await AdmitAsync(day, domain, settings, ttl, cancellationToken))
            {
                return;
            }

            var entry = TlsSessionEntry.Of(result);
            _ = redis.GetDatabase().ScriptEvaluateAsync(
                TlsReportScripts.Count, [TlsReportKeys.Meta(day, domain), TlsReportKeys.Counts(day, domain)],
                [entry.PolicyKey, entry.PolicyJson, entry.FailureKey ?? string.Empty, entry.FailureJson ?? string.Empty,
                    settings.MaxPoliciesPerDomain, settings.MaxFailureDetailsPerPolicy, ttl],
                CommandFlags.FireAndForget);
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            TlsReportsLog.CountLost(logger, e);
        }
    }

    /// <summary>Whether the domain is counted today; asked of Redis once per domain and day in this process.</summary>
    private async Task<bool> AdmitAsync(string day, string domain, TlsReportsOptions settings, long ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_day != day)
            {
                (_day, _admitted) = (day, new Dictionary<string, bool>(StringComparer.Ordinal));
            }
            else if (_admitted.TryGetValue(domain, out var known))
            {
                return known;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var admitted = (long)await redis.GetDatabase().ScriptEvaluateAsync(
            TlsReportScripts.Admit, [TlsReportKeys.Domains(day)], [domain, settings.MaxDomainsPerDay, ttl]) == 1;
        lock (_gate)
        {
            // Bounded: admitted domains are at most MaxDomainsPerDay; refusals are remembered while there is room.
            if (_day == day && (admitted || _admitted.Count < 2 * settings.MaxDomainsPerDay))
            {
                _admitted[domain] = admitted;
            }
        }

        return admitted;
    }
}
