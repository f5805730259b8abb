namespace SendGateway.Client;

/// <summary>The API's <c>AttachmentDto</c> object.</summary>
public sealed record Attachment
{
    /// <summary>JSON <c>filename</c>.</summary>
    public string? Filename { get; init; }

    /// <summary>JSON <c>content_type</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>JSON <c>content</c>.</summary>
    public string? Content { get; init; }

    /// <summary>JSON <c>inline</c>.</summary>
    public bool? Inline { get; init; }

    /// <summary>JSON <c>content_id</c>.</summary>
    public string? ContentId { get; init; }
}
