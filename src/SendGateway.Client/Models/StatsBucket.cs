namespace SendGateway.Client;

/// <summary>The API's <c>StatsBucket</c> object.</summary>
public sealed record StatsBucket
{
    /// <summary>JSON <c>key</c>.</summary>
    public string? Key { get; init; }

    /// <summary>JSON <c>counts</c>.</summary>
    public IReadOnlyDictionary<string, long>? Counts { get; init; }
}
