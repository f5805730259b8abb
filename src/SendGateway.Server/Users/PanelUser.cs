namespace SendGateway.Server.Users;

/// <summary>A panel user as stored (the secrets stay in <see cref="UserStore"/>).</summary>
internal sealed record PanelUser
{
    public string Id { get; init; } = string.Empty;

    /// <summary>Null for an operator.</summary>
    public string? TenantId { get; init; }

    public string Email { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    public bool TotpEnabled { get; init; }

    public string SessionStamp { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime? LastSignInAt { get; init; }
}
