namespace SendGateway.Server.Users;

/// <summary>
/// The answer of <c>POST /v1/users</c> and <c>POST /v1/users/{id}/reset</c>: the user (their account exists once the
/// link is used), and the one-time link, shown here once unless the service mailed it (then <c>invitation_url</c> is null).
/// </summary>
internal sealed record UserInvited(
    string Id, string Email, string Role, string TenantId, string InvitationId, string Purpose, DateTime InvitationExpiresAt, bool InvitationMailed, string? InvitationUrl)
{
    public static UserInvited From(InvitationOutcome outcome)
    {
        var invitation = outcome.Invitation!;
        return new(invitation.UserId, invitation.Email, invitation.Role, invitation.TenantId, invitation.Id, invitation.Purpose, invitation.ExpiresAt, outcome.Mailed,
            outcome.Mailed ? null : outcome.Url);
    }
}
