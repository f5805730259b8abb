namespace SendGateway.Client;

/// <summary>The API's <c>StreamList</c> object.</summary>
public sealed record StreamList
{
    /// <summary>JSON <c>data</c>.</summary>
    public IReadOnlyList<MessageStream>? Data { get; init; }
}
