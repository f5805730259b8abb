namespace SendGateway.Server.Tenants;

/// <summary>
/// The roles of a tenant, each including the one below (api.md §7a): <c>viewer</c>, <c>developer</c>, <c>admin</c>,
/// <c>owner</c>. A panel user holds one; an API key carries one as its ceiling. The one ranking of both
/// (<see cref="Users.PanelRoles"/> reads it).
/// </summary>
internal static class TenantRoles
{
    public const string Viewer = "viewer";
    public const string Developer = "developer";
    public const string Admin = "admin";
    public const string Owner = "owner";

    /// <summary>Highest first, as forms list them.</summary>
    public static readonly string[] All = [Owner, Admin, Developer, Viewer];

    public static bool IsRole(string? role) => role is Owner or Admin or Developer or Viewer;

    /// <summary>Whether <paramref name="role"/> may do what <paramref name="needed"/> may.</summary>
    public static bool AtLeast(string? role, string needed) => Rank(role) >= Rank(needed);

    /// <summary>The roles up to <paramref name="ceiling"/>, highest first.</summary>
    public static IEnumerable<string> UpTo(string? ceiling) => All.Where(r => AtLeast(ceiling, r));

    private static int Rank(string? role) => role switch
    {
        Viewer => 1,
        Developer => 2,
        Admin => 3,
        Owner => 4,
        _ => 0,
    };
}
