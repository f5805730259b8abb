namespace SendGateway.Server.Panel;

/// <summary>
/// Whether a panel session still belongs to its user, asked on every request (<see cref="PanelAuthentication"/>): the
/// user exists, has a second factor, and their session stamp is the one the cookie carries. Users implements it, so the
/// shell knows no user store.
/// </summary>
internal interface IPanelSessionCheck
{
    Task<bool> IsCurrentAsync(string userId, string? stamp, CancellationToken cancellationToken);
}
