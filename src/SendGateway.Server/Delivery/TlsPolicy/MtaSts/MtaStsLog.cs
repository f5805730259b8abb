namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

internal static partial class MtaStsLog
{
    [LoggerMessage(36301, LogLevel.Information, "MTA-STS policy of {Domain} fetched: id {Id}, mode {Mode}, max_age {MaxAgeSeconds} s")]
    public static partial void Fetched(ILogger logger, string domain, string id, MtaStsMode mode, long maxAgeSeconds);

    [LoggerMessage(36302, LogLevel.Warning, "MTA-STS policy of {Domain} (id {Id}) not usable ({FailureType}): {Detail}; a cached policy stays in force until it expires: {KeptCached}")]
    public static partial void FetchFailed(ILogger logger, string domain, string id, string failureType, string detail, bool keptCached);

    [LoggerMessage(36303, LogLevel.Warning, "MTA-STS TXT record of {Domain} could not be read; the cached state is kept")]
    public static partial void TxtFailed(ILogger logger, Exception? exception, string domain);

    [LoggerMessage(36304, LogLevel.Error, "MTA-STS policy table unavailable for {Domain}; the policy is taken from memory or fetched")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string domain);
}
