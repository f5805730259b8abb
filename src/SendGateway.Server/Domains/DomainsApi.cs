using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Domains;

/// <summary><c>/v1/domains</c> (api.md §5, scope <c>manage</c>).</summary>
internal static class DomainsApi
{
    public static IEndpointRouteBuilder MapDomainsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/domains").WithTags("Domains").RequireAuthorization(Scopes.Manage)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).RequireRole(TenantRoles.Admin).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict).WithName("CreateDomain").WithSummary("Add a sender domain; returns its DKIM key and the DNS records to publish.");
        group.MapGet("/", ListAsync).WithName("ListDomains").WithSummary("List sender domains.");
        group.MapGet("/{name}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDomain").WithSummary("Get a sender domain and its DNS records.");
        group.MapPost("/{name}/verify", VerifyAsync).RequireRole(TenantRoles.Admin).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("VerifyDomain").WithSummary("Look the domain's records up in DNS now and report each one's state (DKIM, SPF, DMARC, return path, tracking host); the domain sends once its DKIM record is found.");
        group.MapDelete("/{name}", DeleteAsync).RequireRole(TenantRoles.Admin).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteDomain").WithSummary("Remove a sender domain and its key.");
        return app;
    }

    public sealed record CreateDomainRequest(string? Name);

    private static async Task<Results<Created<DomainView>, ProblemHttpResult>> CreateAsync(
        CreateDomainRequest request, ClaimsPrincipal user, DomainChanges changes, CancellationToken cancellationToken) =>
        await changes.AddAsync(user.TenantId(), request.Name, cancellationToken) switch
        {
            { Status: DomainAddStatus.InvalidName } => Problems.Validation("name", DomainChanges.InvalidName),
            { Status: DomainAddStatus.Exists } => Problems.Status(StatusCodes.Status409Conflict, "Conflict", "This domain already exists for the tenant.", "domain_exists"),
            { Status: DomainAddStatus.HeldElsewhere } => Problems.Status(StatusCodes.Status409Conflict, "Conflict", DomainChanges.HeldElsewhere, "domain_unavailable"),
            var added => TypedResults.Created($"/v1/domains/{added.Name}", added.Created!),
        };

    private static async Task<Results<Ok<Page<DomainView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, DomainStore store, DomainViews views, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        var page = new List<DomainView>(rows.Count);
        foreach (var row in rows)
        {
            page.Add(await views.OfAsync(row, cancellationToken));
        }

        return TypedResults.Ok(Paging.Page(page, take, d => d.Name));
    }

    private static async Task<Results<Ok<DomainView>, ProblemHttpResult>> GetAsync(
        string name, ClaimsPrincipal user, DomainStore store, DomainViews views, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), name.ToLowerInvariant(), cancellationToken) is { } domain
            ? TypedResults.Ok(await views.OfAsync(domain, cancellationToken))
            : Problems.NotFound("domain");

    private static async Task<Results<Ok<DomainVerification>, ProblemHttpResult>> VerifyAsync(
        string name, ClaimsPrincipal user, DomainChanges changes, CancellationToken cancellationToken) =>
        await changes.VerifyAsync(user.TenantId(), name, cancellationToken) switch
        {
            null => Problems.NotFound("domain"),
            { HeldElsewhere: true } => Problems.Status(StatusCodes.Status409Conflict, "Conflict", DomainChanges.HeldElsewhere, "domain_unavailable"),
            var verification => TypedResults.Ok(verification),
        };

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal user, DomainChanges changes, CancellationToken cancellationToken) =>
        await changes.RemoveAsync(user.TenantId(), name, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("domain");
}
