using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace SendGateway.Server.Tenants;

/// <summary>
/// Answers a request refused only for its API key's role ceiling (<see cref="KeyRoleRequirement"/>) with a 403 whose
/// type names the rule, <c>role_ceiling</c> (<see cref="RoleRefusal"/>), and records the refusal in the tenant's audit log (actor <c>key:&lt;id&gt;</c>,
/// action <c>refused &lt;method&gt; &lt;route&gt;</c>). Every other outcome goes to the default handler.
/// </summary>
internal sealed class KeyRoleRefusals(IAuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        if (!authorizeResult.Forbidden || failed.Count == 0 || !failed.All(r => r is KeyRoleRequirement)
            || !context.User.HasClaim(c => c.Type == TenantClaims.Tenant) || !context.User.HasClaim(c => c.Type == TenantClaims.Key))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var needed = failed.Cast<KeyRoleRequirement>().Select(r => r.Role).First();
        var role = context.User.FindFirst(TenantClaims.Role)?.Value ?? "none";
        var refusal = new RoleRefusal(RoleRefusal.RoleCeiling, $"This API key carries at most the role '{role}'; this needs '{needed}'.");
        await (await refusal.RecordAsync(audit, context, $"role={role},needs={needed}", context.RequestAborted)).ExecuteAsync(context);
    }
}
