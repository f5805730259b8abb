using Microsoft.AspNetCore.Authorization;
using SendGateway.Server.Users;

namespace SendGateway.Server.Panel;

/// <summary>Authorization policies of panel pages: signed in to a tenant, the role a page needs at least, or an operator.</summary>
public static class PanelPolicies
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
        .AddPolicy(Tenant, p => p.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Tenant))
        .AddPolicy(Developer, p => AtLeast(p, PanelRoles.Developer))
        .AddPolicy(Admin, p => AtLeast(p, PanelRoles.Admin))
        .AddPolicy(Owner, p => AtLeast(p, PanelRoles.Owner))
        .AddPolicy(Operator, p => p.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Role, PanelRoles.Operator));

    private static void AtLeast(AuthorizationPolicyBuilder policy, string role) =>
        policy.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Tenant)
            .RequireAssertion(c => PanelRoles.AtLeast(c.User.FindFirst(PanelClaims.Role)?.Value, role));
}
