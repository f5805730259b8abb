using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Tenants;

/// <summary>
/// <c>/v1/api-keys</c> (api.md §5, scope <c>manage</c>, role developer): the key is shown once; revocation is immediate
/// on every node. A key made here carries at most the making key's role and scopes (403 <c>role_ceiling</c> /
/// <c>scope_ceiling</c>, audited).
/// </summary>
internal static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateApiKey").WithSummary("Create a key with scopes, a role ceiling and optional allowed source addresses, never more than the making key carries; the key is shown only in this response.");
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List active keys (without secrets).");
        group.MapDelete("/{id}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RevokeApiKey").WithSummary("Revoke a key; every node refuses it from now on.");
        return app;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, ApiKeyChanges changes, IAuditTrail audit, HttpContext context, CancellationToken cancellationToken) =>
        await changes.CreateAsync(user.TenantId(), request, ApiKeyMaker.Key(user), cancellationToken) switch
        {
            (_, _, { } created) => TypedResults.Created($"/v1/api-keys/{created.Id}", created),
            (_, { } refusal, _) => await refusal.RecordAsync(audit, context, null, cancellationToken),
            var (errors, _, _) => Problems.Validation(errors),
        };

    private static async Task<Results<Ok<Page<ApiKeyView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TenantStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListApiKeysAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, k => k.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string id, ClaimsPrincipal user, ApiKeyChanges changes, CancellationToken cancellationToken) =>
        await changes.RevokeAsync(user.TenantId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("API key");
}
