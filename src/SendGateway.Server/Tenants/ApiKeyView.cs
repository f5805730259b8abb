namespace SendGateway.Server.Tenants;

/// <summary>An API key as listed: never its secret.</summary>
internal sealed record ApiKeyView
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string[] Scopes { get; init; } = [];

    public string[] AllowedIps { get; init; } = [];

    /// <summary>The role the key carries at most: owner, admin, developer or viewer.</summary>
    public string Role { get; init; } = string.Empty;

    /// <summary>Who made it: <c>user:&lt;id&gt;</c>, <c>key:&lt;id&gt;</c>, <c>operator</c>, <c>cli</c>, <c>demo</c>; null for a key older than this record.</summary>
    public string? CreatedBy { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When a request last authenticated with it (written every <c>LastUse:FlushInterval</c>, so it lags); null: never.</summary>
    public DateTime? LastUsedAt { get; init; }
}
