namespace SendGateway.Server.Tenants;

/// <summary>An API key as listed: never its secret.</summary>
public sealed record ApiKeyView
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string[] Scopes { get; init; } = [];

    public string[] AllowedIps { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    /// <summary>When a request last authenticated with it (written every <c>LastUse:FlushInterval</c>, so it lags); null: never.</summary>
    public DateTime? LastUsedAt { get; init; }
}
