using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary>
/// Operator: <c>DELETE /v1/admin/tenants/{id}</c> deletes a tenant and all its data in every store and answers the
/// deletion certificate (reliability.md T108). Offer the tenant its data first (<c>GET /v1/events</c>, the suppression
/// export, <c>/v1/privacy/export</c>): what is deleted is gone, backups aside.
/// </summary>
internal static class TenantDeletionApi
{
    public static IEndpointRouteBuilder MapTenantDeletionApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/v1/admin/tenants/{id}", DeleteAsync).WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteTenant").WithSummary("Delete a tenant and all its data (messages, events, keys, domains, credentials, webhooks, suppressions, queued mail, audit log); answers the deletion certificate.");
        return app;
    }

    private static async Task<Results<Ok<TenantDeletion>, ProblemHttpResult>> DeleteAsync(string id, TenantOffboarding offboarding, CancellationToken cancellationToken) =>
        await offboarding.DeleteAsync(id, cancellationToken) is { } certificate ? TypedResults.Ok(certificate) : Problems.NotFound("tenant");
}
