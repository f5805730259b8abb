namespace SendGateway.Server.Privacy;

/// <summary>What one run of the retention job changed.</summary>
internal sealed record RetentionReport(long MessagesAnonymized, long PartitionsDropped, long EventsDeleted, long MessagesDeleted, long WebhookBatchesDeleted, long WebhookDeliveriesDeleted, long DeadLettersDeleted);
