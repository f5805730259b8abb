using System.Security.Claims;

namespace SendGateway.Server.Panel;

/// <summary>What a panel session cookie carries: the user, their tenant (none for an operator), role and session stamp.</summary>
internal static class PanelClaims
{
    public const string UserId = "sg:user";
    public const string Tenant = "sg:tenant";
    public const string Role = "sg:role";
    public const string Email = "sg:email";
    public const string Stamp = "sg:stamp";

    /// <summary>Between the password and the code: <c>code</c> or <c>enrol</c>.</summary>
    public const string Step = "sg:step";

    public static string UserIdOf(this ClaimsPrincipal user) => user.FindFirstValue(UserId) ?? throw new InvalidOperationException("No panel user.");

    public static string? TenantOf(this ClaimsPrincipal user) => user.FindFirstValue(Tenant);

    public static string RoleOf(this ClaimsPrincipal user) => user.FindFirstValue(Role) ?? string.Empty;

    public static string EmailOf(this ClaimsPrincipal user) => user.FindFirstValue(Email) ?? string.Empty;
}
