namespace SendGateway.Client;

/// <summary>The API's <c>CreateWebhookRequest</c> object.</summary>
public sealed record CreateWebhookRequest
{
    /// <summary>JSON <c>url</c>.</summary>
    public string? Url { get; init; }

    /// <summary>JSON <c>events</c>.</summary>
    public List<string>? Events { get; init; }

    /// <summary>JSON <c>batch_size</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>JSON <c>streams</c>.</summary>
    public IReadOnlyList<string>? Streams { get; init; }
}
