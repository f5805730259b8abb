namespace SendGateway.Server.Users;

/// <summary>A panel user as <c>/v1/users</c> shows it: no password, no factor secret.</summary>
internal sealed record UserView(string Id, string Email, string Role, bool SecondFactor, DateTime CreatedAt, DateTime? LastSignInAt)
{
    public static UserView From(PanelUser user) => new(user.Id, user.Email, user.Role, user.TotpEnabled, user.CreatedAt, user.LastSignInAt);
}
