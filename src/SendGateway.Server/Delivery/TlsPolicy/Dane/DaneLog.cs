namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>DANE logs: MX host names and DNS outcomes only.</summary>
internal static partial class DaneLog
{
    [LoggerMessage(2311, LogLevel.Information, "DANE is on: TLSA records are asked of the validating resolvers {Resolvers}")]
    public static partial void Enabled(ILogger logger, string resolvers);

    [LoggerMessage(2312, LogLevel.Warning, "TLSA lookup for MX host {Host} failed ({Detail}): the host is not used until it answers")]
    public static partial void LookupFailed(ILogger logger, string host, string detail);

    [LoggerMessage(2313, LogLevel.Debug, "TLSA lookup for MX host {Host}: {Status} ({Count} records)")]
    public static partial void LookedUp(ILogger logger, string host, TlsaLookupStatus status, int count);
}
