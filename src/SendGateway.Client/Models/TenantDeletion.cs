namespace SendGateway.Client;

/// <summary>The API's <c>TenantDeletion</c> object.</summary>
public sealed record TenantDeletion
{
    /// <summary>JSON <c>tenant_id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>JSON <c>deleted_at</c>.</summary>
    public DateTimeOffset DeletedAt { get; init; }

    /// <summary>JSON <c>postgres_rows</c>.</summary>
    public IReadOnlyDictionary<string, long>? PostgresRows { get; init; }

    /// <summary>JSON <c>queued_entries</c>.</summary>
    public long QueuedEntries { get; init; }

    /// <summary>JSON <c>pending_events</c>.</summary>
    public long PendingEvents { get; init; }

    /// <summary>JSON <c>stored_responses</c>.</summary>
    public long StoredResponses { get; init; }

    /// <summary>JSON <c>redis_keys</c>.</summary>
    public long RedisKeys { get; init; }
}
