namespace SendGateway.Server.Users;

/// <summary>
/// Panel roles (api.md §7a), each including the one below: <c>viewer</c> sees stats, activity and timelines, never
/// content, secrets or settings; <c>developer</c> adds keys, SMTP credentials, webhooks, templates and reads content;
/// <c>admin</c> adds users and settings; <c>owner</c> adds privacy erasure and ownership. <c>operator</c> is the
/// service's own staff (no tenant).
/// </summary>
public static class PanelRoles
{
    public const string Viewer = "viewer";
    public const string Developer = "developer";
    public const string Admin = "admin";
    public const string Owner = "owner";
    public const string Operator = "operator";

    public static readonly string[] TenantRoles = [Owner, Admin, Developer, Viewer];

    public static bool IsTenantRole(string? role) => role is Owner or Admin or Developer or Viewer;

    /// <summary>Whether <paramref name="role"/> may do what <paramref name="needed"/> may.</summary>
    public static bool AtLeast(string? role, string needed) => Rank(role) >= Rank(needed);

    private static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Developer => 2,
        Admin => 3,
        Owner => 4,
        _ => 0,
    };
}
