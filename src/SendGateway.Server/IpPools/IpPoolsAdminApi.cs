using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.IpPools;

/// <summary>
/// <c>/v1/admin/ip-pools</c> (api.md §9, operator key): pools of sending addresses. On one host (no pool lanes) an address
/// must be one this host can bind; with <c>Queue:PoolLanes</c> the addresses belong to delivery nodes elsewhere, so any
/// unicast address is taken and a pool no live node has waits as <c>no_source_available</c>.
/// </summary>
internal static partial class IpPoolsAdminApi
{
    public const int MaxSources = 64;

    public static IEndpointRouteBuilder MapIpPoolsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/ip-pools").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateIpPool").WithSummary("Create a pool of weighted source addresses (each bindable on this host, or with Queue:PoolLanes any address of a delivery node) with their EHLO names and optional warm-up plans.");
        group.MapGet("/", ListAsync).WithName("ListIpPools").WithSummary("List pools.");
        group.MapGet("/{name}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetIpPool").WithSummary("Get a pool.");
        group.MapPatch("/{name}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateIpPool").WithSummary("Replace a pool's sources.");
        group.MapDelete("/{name}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteIpPool").WithSummary("Delete a pool that is no tenant's default (it is removed from allowed lists).");
        return app;
    }

    private static async Task<Results<Created<IpPool>, ProblemHttpResult>> CreateAsync(IpPoolRequest request, IpPoolStore store, IPoolPlacement placement, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Sources, onThisHost: !placement.PoolsPlacedOnNodes);
        if (request.Name is null || !PoolName().IsMatch(request.Name))
        {
            errors["name"] = ["1-63 lower-case letters, digits or hyphens."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await store.CreateAsync(request.Name!, request.Sources!, cancellationToken) is { } pool
            ? TypedResults.Created($"/v1/admin/ip-pools/{pool.Name}", pool)
            : Problems.Status(StatusCodes.Status409Conflict, "Conflict", "A pool with this name exists.", "ip_pool_exists");
    }

    private static async Task<Results<Ok<Page<IpPool>>, ProblemHttpResult>> ListAsync(IpPoolStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        return TypedResults.Ok(Paging.Page(await store.ListAsync(cursor, take + 1, cancellationToken), take, p => p.Name));
    }

    private static async Task<Results<Ok<IpPool>, ProblemHttpResult>> GetAsync(string name, IpPoolStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(name, cancellationToken) is { } pool ? TypedResults.Ok(pool) : Problems.NotFound("IP pool");

    private static async Task<Results<Ok<IpPool>, ProblemHttpResult>> UpdateAsync(string name, IpPoolRequest request, IpPoolStore store, IPoolPlacement placement, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Sources, onThisHost: !placement.PoolsPlacedOnNodes);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await store.UpdateAsync(name, request.Sources!, cancellationToken) is { } pool ? TypedResults.Ok(pool) : Problems.NotFound("IP pool");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, IpPoolStore store, CancellationToken cancellationToken)
    {
        try
        {
            return await store.DeleteAsync(name, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("IP pool");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.ForeignKeyViolation)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Conflict", "The pool is a tenant's default pool.", "ip_pool_in_use");
        }
    }

    private static Dictionary<string, string[]> Validate(IReadOnlyList<IpSource>? sources, bool onThisHost)
    {
        var errors = new Dictionary<string, string[]>();
        if (sources is null || sources.Count is 0 or > MaxSources)
        {
            errors["sources"] = [$"Between 1 and {MaxSources} sources are required."];
            return errors;
        }

        for (var i = 0; i < sources.Count; i++)
        {
            var s = sources[i];
            if (!IPAddress.TryParse(s.Address, out var address) || (onThisHost ? !CanBind(address) : !IsUnicast(address)))
            {
                errors[$"sources[{i}].address"] = [onThisHost ? "Must be an IP address this host can bind." : "Must be a unicast IP address of a delivery node."];
            }

            if (s.EhloName is null || !DomainNames.IsValid(s.EhloName))
            {
                errors[$"sources[{i}].ehlo_name"] = ["Must be a host name, such as mta1.example.com."];
            }

            if (s.Weight is < 1 or > 1000)
            {
                errors[$"sources[{i}].weight"] = ["Must be between 1 and 1000."];
            }

            if (s.Warmup is { } plan && (plan.Daily is null || plan.Daily.Length is 0 or > 365 || plan.Daily.Any(d => d < 1)))
            {
                errors[$"sources[{i}].warmup"] = ["daily must list 1 to 365 positive daily volumes, from start (a date)."];
            }
        }

        return errors;
    }

    private static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast) && !address.IsIPv6Multicast
        && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] >= 224);

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex PoolName();
}
