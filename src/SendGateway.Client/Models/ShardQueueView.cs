namespace SendGateway.Client;

/// <summary>The API's <c>ShardQueueView</c> object.</summary>
public sealed record ShardQueueView
{
    /// <summary>JSON <c>shard</c>.</summary>
    public int Shard { get; init; }

    /// <summary>JSON <c>queued</c>.</summary>
    public long Queued { get; init; }

    /// <summary>JSON <c>in_flight</c>.</summary>
    public long InFlight { get; init; }

    /// <summary>JSON <c>scheduled</c>.</summary>
    public long Scheduled { get; init; }

    /// <summary>JSON <c>oldest_age_seconds</c>.</summary>
    public double? OldestAgeSeconds { get; init; }
}
