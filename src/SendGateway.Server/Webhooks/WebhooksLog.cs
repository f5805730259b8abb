namespace SendGateway.Server.Webhooks;

internal static partial class WebhooksLog
{
    [LoggerMessage(6001, LogLevel.Warning, "Webhook {WebhookId} batch {BatchId} attempt {Attempt} failed: {Failure}")]
    private static partial void AttemptFailed(ILogger logger, string webhookId, string batchId, int attempt, string failure);

    /// <summary>The failure in words: the receiver's status when it answered, the error when it did not (never "(null)").</summary>
    public static void AttemptFailed(ILogger logger, string webhookId, string batchId, int attempt, string? error, int? statusCode) =>
        AttemptFailed(logger, webhookId, batchId, attempt, (error, statusCode) switch
        {
            (null, null) => "no answer",
            (null, { } status) => $"HTTP {status}",
            ({ } text, null) => text,
            ({ } text, { } status) => $"HTTP {status}, {text}",
        });

    [LoggerMessage(6002, LogLevel.Warning, "Webhook {WebhookId} answered 410 Gone and is disabled")]
    public static partial void Disabled(ILogger logger, string webhookId);

    [LoggerMessage(6003, LogLevel.Warning, "Webhook {WebhookId} batch {BatchId} gave up after {Attempt} attempts")]
    public static partial void GaveUp(ILogger logger, string webhookId, string batchId, int attempt);

    [LoggerMessage(6005, LogLevel.Warning, "Webhook {WebhookId} is disabled ({Reason}); the audit log has it, mailed to the tenant's admins: {Mailed}")]
    public static partial void TenantTold(ILogger logger, string webhookId, string reason, bool mailed);

    [LoggerMessage(6004, LogLevel.Error, "Webhook {WebhookId} batch {BatchId}: the attempt threw; the batch is tried again when its lease runs out")]
    public static partial void AttemptThrew(ILogger logger, Exception exception, string webhookId, string batchId);

    [LoggerMessage(6006, LogLevel.Warning, "Webhook {WebhookId} circuit opened after {Failures} failed attempts in a row; nothing is sent to it for {OpenTime}, then one probe")]
    public static partial void CircuitOpened(ILogger logger, string webhookId, int failures, TimeSpan openTime);

    [LoggerMessage(6007, LogLevel.Information, "Webhook {WebhookId} circuit closed: the probe was answered")]
    public static partial void CircuitClosed(ILogger logger, string webhookId);
}
