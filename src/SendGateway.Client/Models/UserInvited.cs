namespace SendGateway.Client;

/// <summary>The API's <c>UserInvited</c> object: the person and their one-time link (<see cref="InvitationUrl"/> null when the service mailed it).</summary>
public sealed record UserInvited
{
    /// <summary>JSON <c>id</c>: the user's id (their account exists once the link is used).</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>email</c>.</summary>
    public string? Email { get; init; }

    /// <summary>JSON <c>role</c>.</summary>
    public string? Role { get; init; }

    /// <summary>JSON <c>tenant_id</c>.</summary>
    public string? TenantId { get; init; }

    /// <summary>JSON <c>invitation_id</c>.</summary>
    public string? InvitationId { get; init; }

    /// <summary>JSON <c>purpose</c>: <c>invite</c> or <c>reset</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>JSON <c>invitation_expires_at</c>.</summary>
    public DateTimeOffset InvitationExpiresAt { get; init; }

    /// <summary>JSON <c>invitation_mailed</c>.</summary>
    public bool InvitationMailed { get; init; }

    /// <summary>JSON <c>invitation_url</c>: shown once; null when mailed.</summary>
    public string? InvitationUrl { get; init; }
}
