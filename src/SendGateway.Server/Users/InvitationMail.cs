namespace SendGateway.Server.Users;

/// <summary>A one-time link to mail: to whom, the link, what it is for (<see cref="InvitationPurposes"/>) and until when it works.</summary>
internal sealed record InvitationMail(string To, string Url, string Purpose, DateTimeOffset ExpiresAt);
