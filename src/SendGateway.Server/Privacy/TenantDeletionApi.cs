using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Audit;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary>
/// Operator, offboarding a tenant (reliability.md T108: the controller chooses return or delete):
/// <c>GET /v1/admin/tenants/{id}/export</c> returns all its data as JSON lines (with a reason, recorded in its audit log);
/// <c>DELETE /v1/admin/tenants/{id}</c> deletes it and all its data in every store and answers the deletion certificate.
/// What is deleted is gone, backups aside (they age out after <c>Backup:RetentionDays</c>).
/// </summary>
internal static class TenantDeletionApi
{
    public static IEndpointRouteBuilder MapTenantDeletionApi(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/v1/admin/tenants/{id}", DeleteAsync).WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteTenant").WithSummary("Delete a tenant and all its data (messages, events, keys, domains, credentials, webhooks, suppressions, queued mail, audit log); answers the deletion certificate.");
        app.MapGet("/v1/admin/tenants/{id}/export", ExportAsync).WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .Produces<string>(StatusCodes.Status200OK, "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ExportTenant").WithSummary("Every stored row of a tenant as JSON lines ({\"table\", \"row\"}), secrets and sealed content left out, to hand back before deleting it: requires X-Access-Reason, recorded in the tenant's audit log.");
        return app;
    }

    private static async Task<IResult> ExportAsync(string id, HttpContext context, TenantExport export, CancellationToken cancellationToken)
    {
        if (OperatorAccess.MissingReason(context.Request) is { } problem)
        {
            return problem;
        }

        if (!await export.ExistsAsync(id, cancellationToken))
        {
            return Problems.NotFound("tenant");
        }

        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"tenant-{id}.ndjson\"";
        await export.WriteAsync(id, context.Response.Body, cancellationToken);
        return Results.Empty;
    }

    private static async Task<Results<Ok<TenantDeletion>, ProblemHttpResult>> DeleteAsync(string id, TenantOffboarding offboarding, CancellationToken cancellationToken) =>
        await offboarding.DeleteAsync(id, cancellationToken) is { } certificate ? TypedResults.Ok(certificate) : Problems.NotFound("tenant");
}
