namespace SendGateway.Server.TlsReports;

/// <summary>
/// Where delivery records each session's TLS outcome for the recipient domains' daily TLS reports (RFC 8460). Never in
/// the way of a delivery: a store failure loses a count, not a message.
/// </summary>
internal interface ITlsReportSink
{
    ValueTask RecordAsync(TlsSessionResult result, CancellationToken cancellationToken);
}
