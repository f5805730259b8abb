namespace SendGateway.Client;

/// <summary>The API's <c>RecordCheck</c> object.</summary>
public sealed record RecordCheck
{
    /// <summary>JSON <c>purpose</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>JSON <c>type</c>.</summary>
    public string? Type { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>expected</c>.</summary>
    public string? Expected { get; init; }

    /// <summary>JSON <c>found</c>.</summary>
    public IReadOnlyList<string>? Found { get; init; }

    /// <summary>JSON <c>state</c>.</summary>
    public string? State { get; init; }

    /// <summary>JSON <c>note</c>: what to do about what was found, where it matters.</summary>
    public string? Note { get; init; }
}
