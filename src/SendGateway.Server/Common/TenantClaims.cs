using System.Security.Claims;

namespace SendGateway.Server.Common;

/// <summary>
/// The claims of an authenticated caller: Tenants' authentication handler writes them, every folder that serves or
/// audits a caller reads them (Idempotency scopes its keys by them, so they live below both).
/// </summary>
internal static class TenantClaims
{
    public const string Tenant = "sg:tenant";
    public const string Scope = "sg:scope";
    public const string Operator = "sg:operator";
    public const string SourceDenied = "sg:source-denied";
    public const string Key = "sg:key";

    /// <summary>The API key's role ceiling (Tenants' <c>TenantRoles</c>), checked beside its scope by <c>KeyRolePolicies</c>.</summary>
    public const string Role = "sg:key-role";

    /// <summary>The authenticated tenant; every tenant endpoint requires one, so its absence is a bug.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("No tenant on an authorized request.");

    /// <summary>The authenticated key's id and role ceiling; every tenant endpoint has a key, so their absence is a bug.</summary>
    public static (string KeyId, string Role) KeyOf(this ClaimsPrincipal user) =>
        (user.FindFirstValue(Key) ?? throw new InvalidOperationException("No API key on an authorized request."), user.FindFirstValue(Role) ?? string.Empty);

    /// <summary>The key's scopes (none when it is used from an address its allowed_ips refuse).</summary>
    public static string[] ScopesOf(this ClaimsPrincipal user) => [.. user.FindAll(Scope).Select(c => c.Value)];
}
