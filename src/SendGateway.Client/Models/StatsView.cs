namespace SendGateway.Client;

/// <summary>The API's <c>StatsView</c> object.</summary>
public sealed record StatsView
{
    /// <summary>JSON <c>since</c>.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>JSON <c>until</c>.</summary>
    public DateTimeOffset Until { get; init; }

    /// <summary>JSON <c>group_by</c>.</summary>
    public string? GroupBy { get; init; }

    /// <summary>JSON <c>data</c>.</summary>
    public IReadOnlyList<StatsBucket>? Data { get; init; }
}
