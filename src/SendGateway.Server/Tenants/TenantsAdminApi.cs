using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Tenants;

/// <summary>Operator API: <c>/v1/admin/tenants</c> (api.md §9).</summary>
internal static class TenantsAdminApi
{
    public static IEndpointRouteBuilder MapTenantsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/tenants").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithName("CreateTenant").WithSummary("Create a tenant and its first API key (shown once), whose role ceiling is api_key_role (owner when left out).");
        group.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("List tenants.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetTenant").WithSummary("Get a tenant.");
        group.MapPatch("/{id}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateTenant").WithSummary("Suspend or resume a tenant, set its sending quotas (0 = unlimited) and its default and allowed IP pools.");
        return app;
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateTenantRequest request, TenantChanges changes, CancellationToken cancellationToken) =>
        await changes.UpdateAsync(id, request, cancellationToken) switch
        {
            (_, { } tenant) => TypedResults.Ok(tenant),
            ({ Count: > 0 } errors, _) => Problems.Validation(errors, errors.First().Value[0]),
            _ => Problems.NotFound("tenant"),
        };

    private static async Task<Results<Created<TenantCreated>, ProblemHttpResult>> CreateAsync(CreateTenantRequest request, TenantChanges changes, CancellationToken cancellationToken) =>
        await changes.CreateAsync(request.Name, request.ApiKeyRole, ApiKeyMaker.Operator, cancellationToken) switch
        {
            (_, { } created) => TypedResults.Created($"/v1/admin/tenants/{created.Id}", created),
            var (errors, _) => Problems.Validation(errors, errors.First().Value[0]),
        };

    private static async Task<Results<Ok<Page<TenantView>>, ProblemHttpResult>> ListAsync(TenantStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows.Select(TenantView.From).ToList(), take, t => t.Id));
    }

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> GetAsync(string id, TenantStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } tenant ? TypedResults.Ok(TenantView.From(tenant)) : Problems.NotFound("tenant");
}
