namespace SendGateway.Client;

/// <summary>The API's <c>TemplateView</c> object.</summary>
public sealed record TemplateView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>kind</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>active_version</c>.</summary>
    public int ActiveVersion { get; init; }

    /// <summary>JSON <c>latest_version</c>.</summary>
    public int LatestVersion { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>JSON <c>active</c>.</summary>
    public TemplateVersionView? Active { get; init; }

    /// <summary>JSON <c>versions</c>.</summary>
    public IReadOnlyList<TemplateVersionInfo>? Versions { get; init; }
}
