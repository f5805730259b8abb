using Microsoft.AspNetCore.Authorization;
using SendGateway.Server.Panel;

namespace SendGateway.Server.Users.Panel;

/// <summary>The panel's role policies (<see cref="PanelPolicies"/>): a tenant's person with at least a role (one ranking with API keys'), or an operator.</summary>
internal static class PanelRolePolicies
{
    public static AuthorizationBuilder AddPanelRolePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(PanelPolicies.Developer, p => AtLeast(p, PanelRoles.Developer))
        .AddPolicy(PanelPolicies.Admin, p => AtLeast(p, PanelRoles.Admin))
        .AddPolicy(PanelPolicies.Owner, p => AtLeast(p, PanelRoles.Owner))
        .AddPolicy(PanelPolicies.Operator, p => p.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Role, PanelRoles.Operator));

    private static void AtLeast(AuthorizationPolicyBuilder policy, string role) =>
        policy.AddAuthenticationSchemes(PanelAuthentication.Scheme).RequireClaim(PanelClaims.Tenant)
            .RequireAssertion(c => PanelRoles.AtLeast(c.User.FindFirst(PanelClaims.Role)?.Value, role));
}
