namespace SendGateway.Client;

/// <summary>The API's <c>SuppressionsAdded</c> object.</summary>
public sealed record SuppressionsAdded
{
    /// <summary>JSON <c>count</c>.</summary>
    public int Count { get; init; }

    /// <summary>JSON <c>data</c>.</summary>
    public IReadOnlyList<Suppression>? Data { get; init; }
}
