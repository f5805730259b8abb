namespace SendGateway.Client;

/// <summary>The API's <c>DeadLetter</c> object.</summary>
public sealed record DeadLetter
{
    /// <summary>JSON <c>shard</c>.</summary>
    public int Shard { get; init; }

    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>source</c>.</summary>
    public string? Source { get; init; }

    /// <summary>JSON <c>stream_id</c>.</summary>
    public string? StreamId { get; init; }

    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>JSON <c>at</c>.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>JSON <c>fields</c>.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }
}
