namespace SendGateway.Server.TlsReports;

/// <summary>
/// One delivery session's TLS outcome for the daily report of the recipient domain (<see cref="PolicyDomain"/>):
/// <see cref="ResultType"/> is null for a success, else one of <see cref="TlsResultTypes"/>.
/// </summary>
internal sealed record TlsSessionResult(
    string PolicyDomain,
    TlsReportPolicy Policy,
    string? ResultType,
    string? MxHost = null,
    string? ReceivingIp = null,
    string? SendingIp = null,
    string? ReceivingMxHelo = null,
    string? AdditionalInformation = null);
