using Microsoft.AspNetCore.Http.HttpResults;

namespace SendGateway.Server.Tenants;

/// <summary>
/// A change refused by the role rules (issue 32 §1), the same for the panel and the API: <see cref="Code"/> names the
/// rule (the problem type's last segment), <see cref="Detail"/> says it in words. Always a 403, always audited.
/// </summary>
internal sealed record RoleRefusal(string Code, string Detail)
{
    /// <summary>Nobody gives a person or a key more than they hold themselves.</summary>
    public const string RoleCeiling = "role_ceiling";

    /// <summary>A key made by a key has no scope its maker lacks.</summary>
    public const string ScopeCeiling = "scope_ceiling";

    /// <summary>Only an owner changes, removes or resets an owner.</summary>
    public const string OwnerOnly = "owner_only";

    /// <summary>The last owner of a tenant is not removed, demoted or reset.</summary>
    public const string LastOwner = "last_owner";

    public ProblemHttpResult ToProblem() => Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", Detail, Code);

    /// <summary>
    /// Records the refusal of an API request in the tenant's audit log (actor <c>key:&lt;id&gt;</c>, action
    /// <c>refused &lt;method&gt; &lt;route&gt;</c>, object the target and the rule) and answers it.
    /// </summary>
    public async Task<ProblemHttpResult> RecordAsync(IAuditTrail audit, HttpContext context, string? target, CancellationToken cancellationToken)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/') ?? context.Request.Path.Value;
        await audit.AppendAsync(
            context.User.TenantId(), $"key:{context.User.KeyOf().KeyId}", AuditActions.Refused(AuditActions.Change(context.Request.Method, route)), AuditObject(target),
            context.Connection.RemoteIpAddress?.ToString(), null, cancellationToken);
        return ToProblem();
    }

    /// <summary>What the audit log keeps of it (with the object acted on, when there is one).</summary>
    public string AuditObject(string? target) => target is null ? $"rule={Code}" : $"{target},rule={Code}";
}
