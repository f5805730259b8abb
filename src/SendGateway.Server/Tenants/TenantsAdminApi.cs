using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Hosting;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Tenants;

/// <summary>Operator API: <c>/v1/admin/tenants</c> (api.md §9).</summary>
public static class TenantsAdminApi
{
    public static IEndpointRouteBuilder MapTenantsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/tenants").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithName("CreateTenant").WithSummary("Create a tenant and its first API key (shown once).");
        group.MapGet("/", ListAsync).WithName("ListTenants").WithSummary("List tenants.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetTenant").WithSummary("Get a tenant.");
        group.MapPatch("/{id}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateTenant").WithSummary("Suspend or resume a tenant, set its sending quotas (0 = unlimited) and its default and allowed IP pools.");
        return app;
    }

    public sealed record CreateTenantRequest(string? Name);

    public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTime CreatedAt);

    public sealed record TenantView(string Id, string Name, bool Suspended, DateTime CreatedAt, int? HourlyQuota, int? DailyQuota, string? DefaultIpPool, string[] AllowedIpPools)
    {
        public static TenantView From(Tenant t) => new(t.Id, t.Name, t.Suspended, t.CreatedAt, t.HourlyQuota, t.DailyQuota, t.DefaultIpPool, t.AllowedIpPools);
    }

    /// <summary><c>default_ip_pool: ""</c> clears the default pool.</summary>
    public sealed record UpdateTenantRequest(bool? Suspended, int? HourlyQuota, int? DailyQuota, string? DefaultIpPool, string[]? AllowedIpPools);

    private static async Task<Results<Ok<TenantView>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateTenantRequest request, TenantStore store, IIpPoolNames pools, CachedTenants cached, CancellationToken cancellationToken)
    {
        foreach (var pool in (request.AllowedIpPools ?? []).Append(request.DefaultIpPool).Where(p => !string.IsNullOrEmpty(p)))
        {
            if (!await pools.ExistsAsync(pool!, cancellationToken))
            {
                return Problems.Validation("allowed_ip_pools", $"No IP pool named '{pool}'.");
            }
        }

        if (request.HourlyQuota is > 100_000_000 || request.DailyQuota is > 1_000_000_000)
        {
            return Problems.Validation("hourly_quota", "Quotas are at most 100,000,000 per hour and 1,000,000,000 per day.");
        }

        var tenant = await store.UpdateAsync(id, request.Suspended, request.HourlyQuota, request.DailyQuota, request.DefaultIpPool, request.AllowedIpPools, cancellationToken);
        cached.Forget(id);
        return tenant is null ? Problems.NotFound("tenant") : TypedResults.Ok(TenantView.From(tenant));
    }

    private static async Task<Results<Created<TenantCreated>, ProblemHttpResult>> CreateAsync(CreateTenantRequest request, TenantStore store, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return Problems.Validation("name", "A name of 1 to 200 printable characters is required.");
        }

        var (tenant, key) = await store.CreateAsync(name, cancellationToken);
        return TypedResults.Created($"/v1/admin/tenants/{tenant.Id}", new TenantCreated(tenant.Id, tenant.Name, key, tenant.CreatedAt));
    }

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
