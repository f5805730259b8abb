namespace SendGateway.Server.Delivery;

/// <summary>Delivery logs: ids and domains only, never full recipient addresses or content.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(2001, LogLevel.Debug, "Message {MessageId} to domain {Domain}: {Type} ({Code} {Enhanced})")]
    public static partial void Outcome(ILogger logger, string messageId, string domain, string type, int? code, string? enhanced);

    [LoggerMessage(2002, LogLevel.Warning, "Connection to {Host} ({Address}) failed for message {MessageId}: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string host, string address, string messageId, string error);

    [LoggerMessage(2006, LogLevel.Error, "Delivery of message {MessageId} threw {Failures} times, the last time shown here; it is moved to the dead letters (replayable) so it cannot poison the stream")]
    public static partial void DeadLettered(ILogger logger, Exception exception, string messageId, int failures);

    [LoggerMessage(2007, LogLevel.Warning, "Delivery of message {MessageId} threw (unexpected failure {Failures} of {Max}); retried with the back-off")]
    public static partial void UnexpectedFailure(ILogger logger, Exception exception, string messageId, int failures, int max);

    [LoggerMessage(2005, LogLevel.Information, "Reclaimed {Count} pending entries of shard {Shard} from an idle consumer")]
    public static partial void Reclaimed(ILogger logger, int count, int shard);

    [LoggerMessage(2009, LogLevel.Warning, "The DKIM key of sender domain {Domain} could not be read again ({Error}); the last one read is used")]
    public static partial void SenderDomainNotRefreshed(ILogger logger, string domain, string error);

    [LoggerMessage(2008, LogLevel.Debug, "Attempt of message {MessageId} cut short by a store failure ({Error}): no event; taken back when the store answers")]
    public static partial void AttemptAbandoned(ILogger logger, string messageId, string error);

    [LoggerMessage(2021, LogLevel.Warning, "MX host {Host} of domain {Domain} resolves to {Address}, an internal address outside SendGateway:Delivery:AllowedMxNetworks: no connection")]
    public static partial void InternalMxAddressRefused(ILogger logger, string host, string address, string domain);

    private static readonly Func<ILogger, string, string, IDisposable?> Message = LoggerMessage.DefineScope<string, string>("Delivery of message {MessageId} of tenant {TenantId}");

    /// <summary>Every line logged while delivering a message carries its id and its tenant's (ids only: no address).</summary>
    public static IDisposable? MessageScope(ILogger logger, string messageId, string tenantId) => Message(logger, messageId, tenantId);
}
