namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>TLS policy logs: domains and MX host names, never addresses of recipients.</summary>
internal static partial class TlsPolicyLog
{
    [LoggerMessage(2101, LogLevel.Warning, "TLSA lookup for MX host {Host} of domain {Domain} failed ({Detail}): the host is not used in this attempt")]
    public static partial void DaneLookupFailed(ILogger logger, string host, string domain, string? detail);

    [LoggerMessage(2102, LogLevel.Information, "MX host {Host} of domain {Domain} is not in the domain's enforced MTA-STS policy: not contacted")]
    public static partial void MxNotInPolicy(ILogger logger, string host, string domain);

    [LoggerMessage(2103, LogLevel.Warning, "A TLS session result for domain {Domain} was not recorded for its TLS report: {Error}")]
    public static partial void ReportNotRecorded(ILogger logger, string domain, string error);

    [LoggerMessage(2104, LogLevel.Warning, "TLS to MX host {Host} of domain {Domain} failed the {Policy} policy ({ResultType}): not used, nothing sent in plain text")]
    public static partial void PolicyFailed(ILogger logger, string host, string domain, string policy, string resultType);
}
