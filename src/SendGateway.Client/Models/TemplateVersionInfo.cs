namespace SendGateway.Client;

/// <summary>The API's <c>TemplateVersionInfo</c> object.</summary>
public sealed record TemplateVersionInfo
{
    /// <summary>JSON <c>version</c>.</summary>
    public int Version { get; init; }

    /// <summary>JSON <c>active</c>.</summary>
    public bool Active { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
