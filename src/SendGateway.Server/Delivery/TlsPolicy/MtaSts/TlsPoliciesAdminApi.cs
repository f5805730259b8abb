using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;
using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// <c>GET /v1/admin/tls-policies</c> (operator key): the recipient domains' MTA-STS policies the nodes share, with each
/// domain's last fetch error and today's counted TLS sessions to it (failures by result type); audited as an operator read.
/// </summary>
internal static class TlsPoliciesAdminApi
{
    public static IEndpointRouteBuilder MapTlsPoliciesAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/tls-policies", ListAsync).WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListTlsPolicies")
            .WithSummary("List the recipient domains' cached MTA-STS policies (mode, mx patterns, id, fetch and expiry times), their last fetch errors and today's TLS sessions to them (failures by result type, counted when TLS reports are on), by domain.");
        return app;
    }

    private static async Task<Results<Ok<Page<TlsPolicyView>>, ProblemHttpResult>> ListAsync(
        MtaStsStore store, TlsSessionTotals totals, string? domain, int? limit, string? cursor, CancellationToken cancellationToken)
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
        var today = await Task.WhenAll(rows.Select(r => totals.TodayAsync(r.Domain, cancellationToken))); // two HGETALLs per domain, in flight together
        return TypedResults.Ok(Paging.Page(rows.Select((r, i) => TlsPolicyView.Of(r, today[i])).ToList(), take, p => p.Domain));
    }
}
