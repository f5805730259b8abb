using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Queue;

/// <summary>
/// Operator: <c>GET /v1/admin/dead-letters</c> lists the queue and event entries that could not be decoded, and the queue
/// entries whose attempts threw <c>Delivery:MaxUnexpectedFailures</c> times (reason <c>internal_error: …</c>; reliability.md
/// T89, T113); <c>POST …/{shard}/{id}/replay</c> puts one back on the stream it came from (after a fix is deployed);
/// <c>DELETE …/{shard}/{id}</c> discards it.
/// </summary>
internal static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/admin/dead-letters").WithTags("Admin").RequireAuthorization(Scopes.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListDeadLetters").WithSummary("Queue and event entries moved aside because they could not be decoded, newest first (shard, limit 1-1000).");
        group.MapPost("/{shard:int}/{id}/replay", ReplayAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ReplayDeadLetter").WithSummary("Puts a dead letter back on the stream it came from; answers its new entry id.");
        group.MapDelete("/{shard:int}/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteDeadLetter").WithSummary("Discards a dead letter.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<DeadLetter>>, ProblemHttpResult>> ListAsync(
        DeadLetters deadLetters, IOptions<QueueOptions> options, CancellationToken cancellationToken, int? shard = null, int limit = 100)
    {
        if (shard is { } s && (s < 0 || s >= QueueKeys.AllShards(options.Value)))
        {
            return Problems.Validation("shard", $"shard must be between 0 and {QueueKeys.AllShards(options.Value) - 1}.", "invalid_shard");
        }

        if (limit is < 1 or > 1000)
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.", "invalid_limit");
        }

        return TypedResults.Ok(await deadLetters.ListAsync(shard, limit, cancellationToken));
    }

    private static async Task<Results<Ok<DeadLetterReplayed>, ProblemHttpResult>> ReplayAsync(
        int shard, string id, DeadLetters deadLetters, IOptions<QueueOptions> options, CancellationToken cancellationToken) =>
        IsDeadLetterAddress(shard, id, options) && await deadLetters.ReplayAsync(shard, id, cancellationToken) is { } replayed
            ? TypedResults.Ok(new DeadLetterReplayed(replayed))
            : Problems.NotFound("dead letter");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        int shard, string id, DeadLetters deadLetters, IOptions<QueueOptions> options, CancellationToken cancellationToken) =>
        IsDeadLetterAddress(shard, id, options) && await deadLetters.DeleteAsync(shard, id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("dead letter");

    /// <summary>A shard that exists and a stream entry id (<c>1700000000000-0</c>); anything else would be an error from Redis, not a 404.</summary>
    private static bool IsDeadLetterAddress(int shard, string id, IOptions<QueueOptions> options) =>
        shard >= 0 && shard < QueueKeys.AllShards(options.Value) &&
        id.Split('-') is [var ms, var seq] && ms.Length is > 0 and <= 20 && seq.Length is > 0 and <= 20 && ms.All(char.IsAsciiDigit) && seq.All(char.IsAsciiDigit);
}
