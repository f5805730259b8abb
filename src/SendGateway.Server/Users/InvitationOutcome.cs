namespace SendGateway.Server.Users;

/// <summary>
/// A link asked for: its invitation, and either <see cref="Mailed"/> (the person got it by mail, nobody else sees it)
/// or the <see cref="Url"/> to show once to whoever asked.
/// </summary>
public sealed record InvitationOutcome(InvitationStatus Status, Invitation? Invitation = null, string? Url = null, bool Mailed = false);
