using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Queue;

/// <summary><c>GET /v1/queues</c> (tenant, scope <c>read</c>: its own mail per destination) and <c>GET /v1/admin/queues</c> (operator: shards too).</summary>
internal static class QueuesApi
{
    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/queues", TenantAsync).RequireAuthorization(Scopes.Read).WithTags("Queues")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetQueues").WithSummary("This account's queued mail per destination domain: ready, scheduled or retrying, oldest age.");
        app.MapGet("/v1/admin/queues", OperatorAsync).RequireAuthorization(Scopes.Admin).WithTags("Admin")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetAdminQueues").WithSummary("Depth, in-flight, scheduled and oldest age per shard, and queued mail per destination domain.");
        return app;
    }

    private static async Task<Ok<QueueSnapshot>> TenantAsync(ClaimsPrincipal user, QueueInspector inspector, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inspector.InspectAsync(user.TenantId(), cancellationToken));

    private static async Task<Ok<QueueSnapshot>> OperatorAsync(QueueInspector inspector, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inspector.InspectAsync(null, cancellationToken));
}
