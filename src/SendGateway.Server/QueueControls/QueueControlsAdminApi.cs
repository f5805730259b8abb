using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// <c>/v1/admin/queue-controls</c> (operator key): hold, bounce or rebind queued mail by tenant, recipient domain, IP pool
/// or source address, list the controls and lift one. Every write goes to the operators' audit log (AuditMiddleware).
/// </summary>
internal static class QueueControlsAdminApi
{
    /// <summary>The audit log's action of a control's creation (the console records it under the person's name too).</summary>
    public const string CreateAction = "POST /v1/admin/queue-controls";

    /// <summary>The audit log's action of a control's lift.</summary>
    public const string LiftAction = "DELETE /v1/admin/queue-controls/{id}";

    private const string Actor = "operator";

    public static IEndpointRouteBuilder MapQueueControlsAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/queue-controls").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateQueueControl")
            .WithSummary("Hold (suspend), bounce or rebind queued mail by tenant, recipient domain, IP pool or source address; in effect on every node within a second.");
        group.MapGet("/", ListAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListQueueControls").WithSummary("List queue controls, newest first (active=true: only those in effect).");
        group.MapDelete("/{id}", LiftAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("LiftQueueControl").WithSummary("Lift (resume) a queue control: the mail it holds is tried at once.");
        return app;
    }

    private static async Task<Results<Created<QueueControl>, ProblemHttpResult>> CreateAsync(
        QueueControlRequest request, QueueControlChanges changes, CancellationToken cancellationToken)
    {
        var (errors, created, full) = await changes.CreateAsync(request, Actor, cancellationToken);
        if (full)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Too many queue controls",
                "The limit of queue controls in effect (QueueControls:MaxActive) is reached: lift one first.", "queue_controls_full");
        }

        return created is null ? Problems.Validation(errors) : TypedResults.Created($"/v1/admin/queue-controls/{created.Id}", created);
    }

    private static async Task<Results<Ok<Page<QueueControl>>, ProblemHttpResult>> ListAsync(
        QueueControlStore store, bool? active, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        if (cursor is not null && !Guid.TryParse(cursor, out _))
        {
            return Problems.Validation("cursor", "cursor must be the next_cursor of a previous page.");
        }

        return TypedResults.Ok(Paging.Page(await store.ListAsync(active == true, cursor, take + 1, cancellationToken), take, c => c.Id));
    }

    private static async Task<Results<Ok<QueueControl>, ProblemHttpResult>> LiftAsync(string id, QueueControlChanges changes, CancellationToken cancellationToken) =>
        await changes.LiftAsync(id, Actor, cancellationToken) is { } lifted ? TypedResults.Ok(lifted) : Problems.NotFound("queue control");
}
