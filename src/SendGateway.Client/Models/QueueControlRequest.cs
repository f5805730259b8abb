namespace SendGateway.Client;

/// <summary>The API's <c>QueueControlRequest</c> object.</summary>
public sealed record QueueControlRequest
{
    /// <summary>JSON <c>action</c>: <c>hold</c>, <c>bounce</c> or <c>rebind</c>.</summary>
    public string? Action { get; init; }

    /// <summary>JSON <c>scope</c>: <c>tenant</c>, <c>domain</c>, <c>pool</c> or <c>source</c> (holds only).</summary>
    public string? Scope { get; init; }

    /// <summary>JSON <c>value</c>.</summary>
    public string? Value { get; init; }

    /// <summary>JSON <c>to_pool</c>: for a rebind (scope <c>pool</c>) only.</summary>
    public string? ToPool { get; init; }

    /// <summary>JSON <c>note</c>.</summary>
    public string? Note { get; init; }
}
