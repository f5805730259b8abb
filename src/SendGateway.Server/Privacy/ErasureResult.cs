namespace SendGateway.Server.Privacy;

/// <summary>What an erasure removed, per store; <c>suppressions_hashed</c> counts addresses now suppressed by keyed hash only.</summary>
internal sealed record ErasureResult(
    int Emails, long Messages, long Events, long WebhookBatches, long RecipientBounces, long QueuedEntries, long PendingEvents,
    long IdempotencyRecords, long SuppressionsHashed);
