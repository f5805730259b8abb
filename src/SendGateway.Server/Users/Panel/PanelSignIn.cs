using SendGateway.Server.Panel;

namespace SendGateway.Server.Users.Panel;

/// <summary>A panel user's way through the shell's cookies (<see cref="PanelAuthentication"/>).</summary>
internal static class PanelSignIn
{
    /// <summary>Password checked: the person goes on to the code, or to enrol a factor first.</summary>
    public static async Task BeginSecondStepAsync(HttpContext context, PanelUser user) =>
        await PanelAuthentication.BeginSecondStepAsync(context, user.Id, user.TotpEnabled ? "code" : "enrol");

    public static async Task SignInAsync(HttpContext context, PanelUser user) =>
        await PanelAuthentication.SignInAsync(context, user.Id, user.Role, user.Email, user.SessionStamp, user.TenantId);

}
