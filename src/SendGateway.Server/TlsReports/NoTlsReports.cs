namespace SendGateway.Server.TlsReports;

/// <summary>TLS reports turned off: nothing is counted.</summary>
internal sealed class NoTlsReports : ITlsReportSink
{
    public ValueTask RecordAsync(TlsSessionResult result, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
