using Microsoft.AspNetCore.Authorization;

namespace SendGateway.Server.Panel;

/// <summary>
/// Authorization policies of panel pages: signed in to a tenant, the role a page needs at least, or an operator. The
/// shell registers the two that need only the session's claims; the role policies are registered by Users, which owns
/// the roles and their ranking (<c>Users/Panel/PanelRolePolicies</c>).
/// </summary>
internal static class PanelPolicies
{
    /// <summary>Any signed-in panel user, operator or not.</summary>
    public const string SignedIn = "panel:any";
    public const string Tenant = "panel";
    public const string Developer = "panel:developer";
    public const string Admin = "panel:admin";
    public const string Owner = "panel:owner";

    /// <summary>The operator console: operator users, who belong to no tenant.</summary>
    public const string Operator = "panel:operator";

    public static AuthorizationBuilder AddPanelPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireAuthenticatedUser())
        .AddPolicy(Tenant, p => p.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Tenant));
}
