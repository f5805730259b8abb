namespace SendGateway.Client;

/// <summary>The API's <c>RenderedTemplate</c> object.</summary>
public sealed record RenderedTemplate
{
    /// <summary>JSON <c>subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary>JSON <c>html</c>.</summary>
    public string? Html { get; init; }

    /// <summary>JSON <c>text</c>.</summary>
    public string? Text { get; init; }
}
