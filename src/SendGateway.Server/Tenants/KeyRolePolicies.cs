using Microsoft.AspNetCore.Authorization;

namespace SendGateway.Server.Tenants;

/// <summary>
/// The role an endpoint needs of an API key, as a policy that composes with the scope's:
/// <c>group.RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Admin)</c>. A key below it gets a 403 naming
/// the rule <c>role_ceiling</c>, audited (<see cref="KeyRoleRefusals"/>).
/// </summary>
internal static class KeyRolePolicies
{
    private const string Prefix = "key-role:";

    public static string PolicyFor(string role) => Prefix + role;

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        TenantRoles.IsRole(role) ? builder.RequireAuthorization(PolicyFor(role)) : throw new ArgumentOutOfRangeException(nameof(role), role, "Not a tenant role.");

    public static AuthorizationBuilder AddKeyRolePolicies(this AuthorizationBuilder builder)
    {
        foreach (var role in TenantRoles.All)
        {
            builder.AddPolicy(PolicyFor(role), p => p.AddRequirements(new KeyRoleRequirement(role)));
        }

        return builder;
    }
}
