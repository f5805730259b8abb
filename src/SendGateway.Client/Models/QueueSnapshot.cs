namespace SendGateway.Client;

/// <summary>The API's <c>QueueSnapshot</c> object.</summary>
public sealed record QueueSnapshot
{
    /// <summary>JSON <c>shards</c>.</summary>
    public IReadOnlyList<ShardQueueView>? Shards { get; init; }

    /// <summary>JSON <c>domains</c>.</summary>
    public IReadOnlyList<DomainQueueView>? Domains { get; init; }

    /// <summary>JSON <c>complete</c>.</summary>
    public bool Complete { get; init; }
}
