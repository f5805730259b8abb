namespace SendGateway.Server.Users;

/// <summary>
/// Panel roles (api.md §7a), each including the one below: <c>viewer</c> sees stats, activity and timelines, never
/// content, secrets or settings; <c>developer</c> adds keys, SMTP credentials, webhooks, templates and reads content;
/// <c>admin</c> adds users and settings; <c>owner</c> adds privacy erasure and ownership. <c>operator</c> is the
/// service's own staff (no tenant).
/// </summary>
internal static class PanelRoles
{
    public const string Viewer = Tenants.TenantRoles.Viewer;
    public const string Developer = Tenants.TenantRoles.Developer;
    public const string Admin = Tenants.TenantRoles.Admin;
    public const string Owner = Tenants.TenantRoles.Owner;
    public const string Operator = "operator";

    public static readonly string[] TenantRoles = Tenants.TenantRoles.All;

    public static bool IsTenantRole(string? role) => Tenants.TenantRoles.IsRole(role);

    /// <summary>Whether <paramref name="role"/> may do what <paramref name="needed"/> may (one ranking with API keys').</summary>
    public static bool AtLeast(string? role, string needed) => Tenants.TenantRoles.AtLeast(role, needed);
}
