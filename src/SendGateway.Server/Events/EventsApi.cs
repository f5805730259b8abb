using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.EventContract;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Events;

/// <summary><c>GET /v1/events</c> and <c>GET /v1/stats</c> (api.md §4, scope <c>read</c>).</summary>
internal static class EventsApi
{
    private static readonly string[] GroupBys = ["day", "hour", "tag", "domain", "stream"];

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", ListAsync).RequireAuthorization(Scopes.Read).WithTags("Events")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListEvents").WithSummary("Events in time order, filtered, with cursor pagination.");
        app.MapGet("/v1/stats", StatsAsync).RequireAuthorization(Scopes.Read).WithTags("Events")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("GetStats").WithSummary("Counts per event type, optionally of one stream and grouped by day, hour, tag, domain or stream.");
        return app;
    }

    private static async Task<Results<Ok<Page<EventView>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, EventReadStore store, string? type, string? recipient, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "message_id")] string? messageId, string? tag,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, string? cursor, AddressHashes hashes, CancellationToken cancellationToken, string? stream = null)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        if (type is not null && !EventTypes.All.Contains(type))
        {
            return Problems.Validation("type", $"type must be one of {string.Join(", ", EventTypes.All)}.");
        }

        if (!EventCursor.TryDecode(cursor, out var after))
        {
            return Problems.Validation("cursor", "Not a cursor returned by this endpoint.");
        }

        var filter = new EventFilter(type, recipient, messageId, tag, since, until, after, take + 1) { RecipientHash = recipient is null ? null : hashes.For(recipient), Stream = stream };
        var rows = await store.ListAsync(user.TenantId(), filter, cancellationToken);
        var next = rows.Count > take ? EventCursor.Encode(rows[take - 1].OccurredAt, rows[take - 1].Id) : null;
        return TypedResults.Ok(new Page<EventView>(rows.Take(take).Select(r => r.ToView()).ToList(), next));
    }

    private static async Task<Results<Ok<StatsView>, ProblemHttpResult>> StatsAsync(
        ClaimsPrincipal user, EventReadStore store, TimeProvider time, DateTimeOffset? since, DateTimeOffset? until, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "group_by")] string? groupBy, CancellationToken cancellationToken,
        string? stream = null)
    {
        if (groupBy is not null && !GroupBys.Contains(groupBy))
        {
            return Problems.Validation("group_by", "group_by must be day, hour, tag, domain or stream.");
        }

        if (stream is not null && !Streams.StreamInput.IsId(stream))
        {
            return Problems.Validation("stream", "A stream id.");
        }

        var to = until ?? time.GetUtcNow().AddMinutes(1);
        var from = since ?? to.AddDays(-7);
        if (from >= to || to - from > TimeSpan.FromDays(400))
        {
            return Problems.Validation("since", "since must be before until, at most 400 days apart.");
        }

        var buckets = await store.StatsAsync(user.TenantId(), from, to, groupBy, cancellationToken, stream);
        if (groupBy is null && buckets.Count == 0)
        {
            buckets = [new StatsBucket(null, EventTypes.All.ToDictionary(t => t, _ => 0L))];
        }

        return TypedResults.Ok(new StatsView(from, to, groupBy, buckets));
    }
}
