using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Settings;

/// <summary><c>GET/PUT /v1/settings</c> (api.md §5, scope <c>manage</c>): suppression rules, disposable-domain blocking, retention and anonymisation, tracking and unsubscribe defaults.</summary>
internal static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/settings").WithTags("Settings").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", GetAsync).WithName("GetSettings").WithSummary("The tenant's settings (defaults until saved).");
        group.MapPut("/", PutAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateSettings").WithSummary("Change settings; fields left out keep their value. `suppressions_never_expire: true` clears the validity.");
        return app;
    }

    private static async Task<Ok<TenantSettings>> GetAsync(ClaimsPrincipal user, TenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.GetAsync(user.TenantId(), cancellationToken));

    private static async Task<Results<Ok<TenantSettings>, ProblemHttpResult>> PutAsync(
        UpdateSettingsRequest request, ClaimsPrincipal user, TenantSettingsStore store, CancellationToken cancellationToken)
    {
        var (errors, updated) = SettingsUpdate.Apply(request, await store.GetAsync(user.TenantId(), cancellationToken));
        return updated is null ? Problems.Validation(errors) : TypedResults.Ok(await store.SaveAsync(user.TenantId(), updated, cancellationToken));
    }
}
