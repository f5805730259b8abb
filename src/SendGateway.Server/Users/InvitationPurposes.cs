namespace SendGateway.Server.Users;

/// <summary>What a one-time link is for: a new account (<c>invite</c>) or an existing one whose password and factor were cleared (<c>reset</c>).</summary>
internal static class InvitationPurposes
{
    public const string Invite = "invite";
    public const string Reset = "reset";
}
