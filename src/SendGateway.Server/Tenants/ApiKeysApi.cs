using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Hosting;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Tenants;

/// <summary><c>/v1/api-keys</c> (api.md §5, scope <c>manage</c>): the key is shown once; revocation is immediate on every node.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateApiKey").WithSummary("Create a key with scopes and optional allowed source addresses; the key is shown only in this response.");
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("List active keys (without secrets).");
        group.MapDelete("/{id}", RevokeAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RevokeApiKey").WithSummary("Revoke a key; every node refuses it from now on.");
        return app;
    }

    private static async Task<Results<Created<ApiKeyCreated>, ProblemHttpResult>> CreateAsync(
        CreateApiKeyRequest request, ClaimsPrincipal user, TenantStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            errors["name"] = ["A name of 1 to 200 printable characters is required."];
        }

        var scopes = request.Scopes ?? Scopes.All;
        if (scopes.Length == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            errors["scopes"] = [$"One or more of {string.Join(", ", Scopes.All)}."];
        }

        var allowed = request.AllowedIps ?? [];
        if (allowed.Length > SourceAddresses.MaxEntries || allowed.Any(a => !SourceAddresses.TryParse(a, out _)))
        {
            errors["allowed_ips"] = [$"Up to {SourceAddresses.MaxEntries} addresses or CIDRs such as 203.0.113.7 or 198.51.100.0/24."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (view, key) = await store.CreateApiKeyAsync(user.TenantId(), name!, scopes.Distinct().ToArray(), allowed.Select(a => a.Trim()).ToArray(), cancellationToken);
        return TypedResults.Created($"/v1/api-keys/{view.Id}", new ApiKeyCreated(view.Id, view.Name, view.Scopes, view.AllowedIps, key, view.CreatedAt));
    }

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

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, TenantStore store, ApiKeyRevocations revocations, CancellationToken cancellationToken)
    {
        if (!await store.RevokeApiKeyAsync(user.TenantId(), id, cancellationToken))
        {
            return Problems.NotFound("API key");
        }

        await revocations.RevokedAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
