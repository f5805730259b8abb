using SendGateway.Server.Panel;

namespace SendGateway.Server.Users.Panel;

/// <summary>A panel session is still its user's: they exist, have a second factor, and their session stamp (role, factor, "sign out everywhere") is unchanged.</summary>
internal sealed class PanelSessionCheck(UserStore users) : IPanelSessionCheck
{
    public async Task<bool> IsCurrentAsync(string userId, string? stamp, CancellationToken cancellationToken) =>
        await users.GetAsync(userId, cancellationToken) is { } user && user.SessionStamp == stamp && user.TotpEnabled;
}
