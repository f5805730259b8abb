using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Streams;

/// <summary>
/// <c>/v1/streams</c> (scope <c>manage</c>): the tenant's message streams. Every message belongs to one (its
/// <c>stream</c>, SMTP <c>X-SG-Stream</c>, else its credential's default, else <c>transactional</c>).
/// </summary>
internal static class StreamsApi
{
    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/streams").WithTags("Streams").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListStreams").WithSummary("The tenant's streams: transactional and broadcast, then its own.");
        group.MapPost("/", CreateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateStream").WithSummary("Create a stream of kind transactional or broadcast; settings left out take the defaults.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetStream").WithSummary("One stream.");
        group.MapPatch("/{id}", UpdateAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("UpdateStream").WithSummary("Change a stream's name, unsubscribe mode, tracking or pool; fields left out keep their value.");
        group.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteStream").WithSummary("Delete one of the tenant's own streams (not a built-in one); its sent messages keep its name.");
        return app;
    }

    private static async Task<Ok<StreamList>> ListAsync(ClaimsPrincipal user, StreamStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new StreamList(await store.ListAsync(user.TenantId(), cancellationToken)));

    private static async Task<Results<Ok<MessageStream>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, StreamStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(user.TenantId(), id, cancellationToken) is { } stream ? TypedResults.Ok(stream) : Problems.NotFound("stream");

    private static async Task<Results<Created<MessageStream>, ProblemHttpResult>> CreateAsync(
        CreateStreamRequest request, ClaimsPrincipal user, StreamChanges changes, CancellationToken cancellationToken)
    {
        var (errors, created, conflict) = await changes.CreateAsync(user.TenantId(), request, cancellationToken);
        return created is not null ? TypedResults.Created($"/v1/streams/{created.Id}", created)
            : conflict ? Problems.Status(StatusCodes.Status409Conflict, "Conflict", errors.First().Value[0], "stream_exists")
            : Problems.Validation(errors, errors.First().Value[0]);
    }

    private static async Task<Results<Ok<MessageStream>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateStreamRequest request, ClaimsPrincipal user, StreamChanges changes, CancellationToken cancellationToken)
    {
        var (errors, updated) = await changes.UpdateAsync(user.TenantId(), id, request, cancellationToken);
        return updated is not null ? TypedResults.Ok(updated) : errors.Count > 0 ? Problems.Validation(errors, errors.First().Value[0]) : Problems.NotFound("stream");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, StreamChanges changes, CancellationToken cancellationToken) =>
        await changes.DeleteAsync(user.TenantId(), id, cancellationToken) switch
        {
            (true, _) => TypedResults.NoContent(),
            (_, true) => Problems.Status(StatusCodes.Status409Conflict, "Conflict", "The built-in streams transactional and broadcast cannot be deleted.", "stream_built_in"),
            _ => Problems.NotFound("stream"),
        };
}
