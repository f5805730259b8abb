using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>Hands each session's TLS result to the TLS report sink; a failing sink loses a count, never the delivery.</summary>
internal sealed class TlsSessionReports(ITlsReportSink sink, ILogger<TlsSessionReports> logger)
{
    public async ValueTask RecordAsync(TlsSessionResult result, CancellationToken cancellationToken)
    {
        try
        {
            await sink.RecordAsync(result, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            TlsPolicyLog.ReportNotRecorded(logger, result.PolicyDomain, e.GetType().Name);
        }
    }
}
