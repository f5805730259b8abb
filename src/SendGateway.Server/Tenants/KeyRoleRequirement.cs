using Microsoft.AspNetCore.Authorization;

namespace SendGateway.Server.Tenants;

/// <summary>
/// An API key's role ceiling is at least <see cref="Role"/>: the same minimum per capability as the panel's pages
/// (<c>PanelPolicies</c>), checked beside the key's scope. Its own handler (a requirement that handles itself).
/// </summary>
internal sealed class KeyRoleRequirement(string role) : AuthorizationHandler<KeyRoleRequirement>, IAuthorizationRequirement
{
    public string Role { get; } = role;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, KeyRoleRequirement requirement)
    {
        if (TenantRoles.AtLeast(context.User.FindFirst(TenantClaims.Role)?.Value, requirement.Role))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
