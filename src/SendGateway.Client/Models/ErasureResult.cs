namespace SendGateway.Client;

/// <summary>The API's <c>ErasureResult</c> object.</summary>
public sealed record ErasureResult
{
    /// <summary>JSON <c>emails</c>.</summary>
    public int Emails { get; init; }

    /// <summary>JSON <c>messages</c>.</summary>
    public long Messages { get; init; }

    /// <summary>JSON <c>events</c>.</summary>
    public long Events { get; init; }

    /// <summary>JSON <c>webhook_batches</c>.</summary>
    public long WebhookBatches { get; init; }

    /// <summary>JSON <c>recipient_bounces</c>.</summary>
    public long RecipientBounces { get; init; }

    /// <summary>JSON <c>queued_entries</c>.</summary>
    public long QueuedEntries { get; init; }

    /// <summary>JSON <c>pending_events</c>.</summary>
    public long PendingEvents { get; init; }

    /// <summary>JSON <c>idempotency_records</c>.</summary>
    public long IdempotencyRecords { get; init; }

    /// <summary>JSON <c>suppressions_hashed</c>.</summary>
    public long SuppressionsHashed { get; init; }
}
