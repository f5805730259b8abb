using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using SendGateway.Server.Tenants;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Messages;

/// <summary><c>POST /v1/messages</c>, <c>GET /v1/messages</c> and <c>GET /v1/messages/{id}</c> (api.md §2).</summary>
internal static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var maxRequestBytes = app.ServiceProvider.GetRequiredService<IOptions<MessagesOptions>>().Value.MaxRequestBytes;
        var group = app.MapGroup("/v1/messages").WithTags("Messages").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", SendAsync).RequireAuthorization(Scopes.Send).RequireRole(TenantRoles.Developer)
            .Accepts<SendMessageRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithIdempotency(maxRequestBytes)
            .WithName("SendMessage").WithSummary("Send one message per `to` entry; 202 once every accepted message is durably queued.")
            .WithDescription("`tracking: {opens, clicks}` overrides the tenant's `track_opens`/`track_clicks` for this message: clicks rewrite the http(s) links of the HTML part " +
                "(and of the text part with `track_text_links`); opens add a 1×1 pixel to the HTML part, so a message without an HTML part gets no pixel and reports no opens. " +
                "`unsubscribe: false` leaves out the List-Unsubscribe headers.");
        group.MapGet("/", MessageListEndpoint.ListAsync).RequireAuthorization(Scopes.Read)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListMessages").WithSummary("The tenant's messages, newest first, searched, with cursor pagination.")
            .WithDescription("One entry per message (per recipient), as its row is stored: status (its highest-ranked event so far), subject (when the " +
                "tenant keeps subjects: `keep_subjects`; null once anonymised), stream, tags and opens and clicks by people. `recipient` matches the address in " +
                "any case (and finds anonymised messages by its keyed hash); `subject` matches messages whose subject holds every word given (as a word " +
                "prefix: `pass` finds \"Password reset\"); `since`/`until` bound the accepted time. `next_cursor` continues towards older messages.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMessage").WithSummary("A message's envelope, current status and events in order.")
            .WithDescription("From the 202 on: until the message's first event is stored, the answer comes from the queue's record, as it will read once " +
                "stored: status `injected` (`dropped` for a recipient dropped at accept), the envelope as accepted and that one event. 404 for an id this tenant never sent (or erased).");
        group.MapDelete("/{id}", CancelAsync).RequireAuthorization(Scopes.Send).RequireRole(TenantRoles.Developer)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CancelMessage").WithSummary("Cancel a message whose send_at is still in the future (it ends as dropped, reason cancelled).");
        return app;
    }

    private static async Task<Results<Accepted<MessageAccepted>, ProblemHttpResult>> SendAsync(
        HttpContext context, ClaimsPrincipal user, MessageSubmission submission, IOptions<MessagesOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        RequestBodyLimit.Set(context, limits.MaxRequestBytes);

        if (context.Request.ContentLength > limits.MaxRequestBytes)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Requests are limited to {limits.MaxRequestBytes} bytes.", "payload_too_large");
        }

        if (!context.Request.HasJsonContentType())
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the message as application/json.", "unsupported_media_type");
        }

        SendMessageRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<SendMessageRequest>(context.Request.Body, MessagesJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Malformed JSON", JsonBodyErrors.Describe(e, typeof(SendMessageRequest), MessagesJson.Options), "malformed_json");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Requests are limited to {limits.MaxRequestBytes} bytes.", "payload_too_large");
        }

        if (request is null)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object.", "malformed_json");
        }

        var result = await submission.SubmitAsync(user.TenantId(), request, templateSubject: null, AnswerOnce(context), cancellationToken);
        result.Quota?.WriteTo(context.Response.Headers); // X-Quota-*: a tenant with a sending quota sees where it stands
        if (result.Accepted is { } accepted)
        {
            return TypedResults.Accepted((string?)null, accepted);
        }

        if (result.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return result.Errors is { } errors ? Problems.Validation(errors, result.Detail, result.Type) : Problems.Status(result.Status, result.Title, result.Detail ?? result.Title, result.Type);
    }

    /// <summary>
    /// Under an Idempotency-Key, the 202 the filter would keep, written with the queue write: a process killed before it
    /// answers leaves the answer for the retry, not a claim that frees itself and queues the message again (reliability.md T82).
    /// </summary>
    private static AcceptOnce? AnswerOnce(HttpContext context)
    {
        if (context.Features.Get<IdempotencyClaim>() is not { } claim)
        {
            return null;
        }

        var store = context.RequestServices.GetRequiredService<IdempotencyStore>();
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return new AcceptOnce(null, accepted =>
        {
            var body = JsonSerializer.Serialize(accepted, json);
            var (key, value) = store.Prepare(claim.Scope, claim.Key, new IdempotencyRecord(claim.Fingerprint, true, StatusCodes.Status202Accepted, body, "application/json; charset=utf-8"));
            return new HeldRecord(key, value, IdempotencyStore.Lifetime);
        }, IdempotencyStore.OnceId(claim.Scope, claim.Key), claim.Fingerprint);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, MessageStore store, QueuedMessages queued, OutboundQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId();
        if (await FindAsync(tenantId, id, store, queued, cancellationToken) is not { } message)
        {
            return Problems.NotFound("message");
        }

        return await queue.CancelScheduledAsync(message.Id, message.BatchId, StoredMessageEvents.Cancelled(message, tenantId, time.GetUtcNow()), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Status(StatusCodes.Status409Conflict, "Not cancellable", "Only a message whose send_at is still in the future can be cancelled.", "not_cancellable");
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, MessageStore store, QueuedMessages queued, MessageHolds holds, CancellationToken cancellationToken) =>
        await holds.ApplyAsync(user.TenantId(), await FindAsync(user.TenantId(), id, store, queued, cancellationToken), cancellationToken) is { } message
            ? TypedResults.Ok(message)
            : Problems.NotFound("message");

    /// <summary>
    /// PostgreSQL's row, else the queue's record of a message just accepted, else PostgreSQL again: the ingester commits
    /// before it deletes the record, so a record gone between the two reads means the row is there now.
    /// </summary>
    private static async Task<MessageView?> FindAsync(string tenantId, string id, MessageStore store, QueuedMessages queued, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) ?? await queued.GetAsync(tenantId, id, cancellationToken) ?? await store.GetAsync(tenantId, id, cancellationToken);
}
