namespace SendGateway.Client;

/// <summary>The API's <c>ClientDetail</c> object.</summary>
public sealed record ClientDetail
{
    /// <summary>JSON <c>kind</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }
}
