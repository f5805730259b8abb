using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Audit;

/// <summary><c>GET /v1/audit-log</c> (api.md §5, scope <c>read</c>): the tenant's audit records, oldest first.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/audit-log", ListAsync).RequireAuthorization(Scopes.Read).RequireRole(TenantRoles.Admin).WithTags("Audit")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListAuditLog").WithSummary("Who changed what, read which recipient data, or used a key from a new address; when and from where.");
        return app;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, AuditStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        if (!Paging.TryIdCursor(cursor, out var after))
        {
            return Problems.Validation("cursor", "Not a cursor returned by this endpoint.");
        }

        var rows = await store.ListAsync(user.TenantId(), after, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, r => r.Id.ToString(CultureInfo.InvariantCulture)));
    }
}
