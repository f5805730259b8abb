namespace SendGateway.Client;

/// <summary>One page of a list; pass <see cref="NextCursor"/> back as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record Page<T>
{
    /// <summary>The items of this page.</summary>
    public IReadOnlyList<T> Data { get; init; } = [];

    /// <summary>The cursor of the next page, or null when this is the last one.</summary>
    public string? NextCursor { get; init; }
}
