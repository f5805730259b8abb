using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// <c>GET /v1/admin/tls-policies</c> (operator key): the recipient domains' MTA-STS policies the nodes share, with each
/// domain's last fetch error; audited as an operator read.
/// </summary>
internal static class TlsPoliciesAdminApi
{
    public static IEndpointRouteBuilder MapTlsPoliciesAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/tls-policies", ListAsync).WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListTlsPolicies")
            .WithSummary("List the recipient domains' cached MTA-STS policies (mode, mx patterns, id, fetch and expiry times) and their last fetch errors, by domain.");
        return app;
    }

    private static async Task<Results<Ok<Page<TlsPolicyView>>, ProblemHttpResult>> ListAsync(
        MtaStsStore store, string? domain, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var name = domain?.Trim().TrimEnd('.').ToLowerInvariant();
        if (name is not null && !DomainNames.IsValid(name))
        {
            return Problems.Validation("domain", "domain must be a domain name, such as example.com.");
        }

        var rows = await store.ListAsync(name, cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows.Select(TlsPolicyView.Of).ToList(), take, p => p.Domain));
    }
}
