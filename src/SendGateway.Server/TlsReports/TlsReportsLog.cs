namespace SendGateway.Server.TlsReports;

internal static partial class TlsReportsLog
{
    [LoggerMessage(36501, LogLevel.Warning, "A TLS session could not be counted for the TLS reports (storage unavailable)")]
    public static partial void CountLost(ILogger logger, Exception exception);

    [LoggerMessage(36502, LogLevel.Warning, "The TLS report for {Domain} was not accepted for mailing ({Status})")]
    public static partial void MailNotAccepted(ILogger logger, string domain, string status);

    [LoggerMessage(36503, LogLevel.Warning, "The TLS report for {Domain} could not be queued (storage unavailable)")]
    public static partial void MailUnavailable(ILogger logger, string domain, Exception exception);

    [LoggerMessage(36504, LogLevel.Information, "TLS report of {Domain} for {Day} sent by {Scheme}")]
    public static partial void Sent(ILogger logger, string domain, string day, string scheme);

    [LoggerMessage(36505, LogLevel.Warning, "TLS report of {Domain} for {Day} not delivered to a destination: {Failure}")]
    public static partial void NotSent(ILogger logger, string domain, string day, string failure);

    [LoggerMessage(36506, LogLevel.Information, "No TLS report for {Domain}: its _smtp._tls record is {Problem}")]
    public static partial void NoRecord(ILogger logger, string domain, string problem);

    [LoggerMessage(36507, LogLevel.Warning, "The _smtp._tls lookup of {Domain} failed; the report is tried again later")]
    public static partial void LookupFailed(ILogger logger, string domain, Exception exception);

    [LoggerMessage(36508, LogLevel.Warning, "TLS report of {Domain} not sent: {Bytes} bytes compressed, over TlsReports:MaxReportBytes")]
    public static partial void TooLarge(ILogger logger, string domain, int bytes);

    [LoggerMessage(36509, LogLevel.Information, "TLS report of {Domain} for {Day} will be tried again (try {Tries} failed)")]
    public static partial void WillRetry(ILogger logger, string domain, string day, int tries);

    [LoggerMessage(36510, LogLevel.Warning, "TLS report of {Domain} for {Day} given up after {Tries} tries")]
    public static partial void GivenUp(ILogger logger, string domain, string day, int tries);

    [LoggerMessage(36511, LogLevel.Information, "TLS report of {Domain} for {Day} settled ({State}) by another node")]
    public static partial void SettledElsewhere(ILogger logger, string domain, string day, string state);

    [LoggerMessage(36513, LogLevel.Error, "The TLS reports round failed unexpectedly; it runs again at the next check")]
    public static partial void RoundBroke(ILogger logger, Exception exception);

    [LoggerMessage(36512, LogLevel.Warning, "The TLS reports round failed (storage unavailable); it runs again at the next check")]
    public static partial void RoundFailed(ILogger logger, Exception exception);
}
