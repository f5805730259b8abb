using System.Security.Claims;

namespace SendGateway.Server.Tenants;

public static class TenantClaims
{
    public const string Tenant = "sg:tenant";
    public const string Scope = "sg:scope";
    public const string Operator = "sg:operator";
    public const string SourceDenied = "sg:source-denied";
    public const string Key = "sg:key";

    /// <summary>The authenticated tenant; every tenant endpoint requires one, so its absence is a bug.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("No tenant on an authorized request.");
}
