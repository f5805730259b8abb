namespace SendGateway.Server.Users;

/// <summary>A one-time link as stored (its token only as a hash, its pending factor sealed in <see cref="InvitationStore"/>).</summary>
public sealed record Invitation
{
    public string Id { get; init; } = string.Empty;

    public string TenantId { get; init; } = string.Empty;

    /// <summary>The account the link makes (an invitation) or gives back to its holder (a reset).</summary>
    public string UserId { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    /// <summary><see cref="InvitationPurposes"/>.</summary>
    public string Purpose { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    public DateTime? UsedAt { get; init; }

    /// <summary>Set when a newer link for the same person replaced this one.</summary>
    public DateTime? RevokedAt { get; init; }
}
