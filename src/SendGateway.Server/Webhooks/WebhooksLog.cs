namespace SendGateway.Server.Webhooks;

internal static partial class WebhooksLog
{
    [LoggerMessage(6001, LogLevel.Warning, "Webhook {WebhookId} batch {BatchId} attempt {Attempt} failed: {Error} {StatusCode}")]
    public static partial void AttemptFailed(ILogger logger, string webhookId, string batchId, int attempt, string? error, int? statusCode);

    [LoggerMessage(6002, LogLevel.Warning, "Webhook {WebhookId} answered 410 Gone and is disabled")]
    public static partial void Disabled(ILogger logger, string webhookId);

    [LoggerMessage(6003, LogLevel.Warning, "Webhook {WebhookId} batch {BatchId} gave up after {Attempt} attempts")]
    public static partial void GaveUp(ILogger logger, string webhookId, string batchId, int attempt);

    [LoggerMessage(6004, LogLevel.Error, "Webhook {WebhookId} batch {BatchId}: the attempt threw; the batch is tried again when its lease runs out")]
    public static partial void AttemptThrew(ILogger logger, Exception exception, string webhookId, string batchId);
}
