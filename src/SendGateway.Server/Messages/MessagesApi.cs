using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendGateway.Server.Events;
using SendGateway.Server.Hosting;
using SendGateway.Server.Queue;
using SendGateway.Server.Tenants;
using StackExchange.Redis;
using SendGateway.Server.Idempotency;

using SendGateway.Server.Templates;

namespace SendGateway.Server.Messages;

/// <summary><c>POST /v1/messages</c> and <c>GET /v1/messages/{id}</c> (api.md §2).</summary>
public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var maxRequestBytes = app.ServiceProvider.GetRequiredService<IOptions<MessagesOptions>>().Value.MaxRequestBytes;
        var group = app.MapGroup("/v1/messages").WithTags("Messages").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", SendAsync).RequireAuthorization(Scopes.Send)
            .Accepts<SendMessageRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithIdempotency(maxRequestBytes)
            .WithName("SendMessage").WithSummary("Send one message per `to` entry; 202 once every accepted message is durably queued.")
            .WithDescription("`tracking: {opens, clicks}` overrides the tenant's `track_opens`/`track_clicks` for this message: clicks rewrite the http(s) links of the HTML part " +
                "(and of the text part with `track_text_links`); opens add a 1×1 pixel to the HTML part, so a message without an HTML part gets no pixel and reports no opens. " +
                "`unsubscribe: false` leaves out the List-Unsubscribe headers.");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Scopes.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMessage").WithSummary("A message's envelope, current status and events in order.");
        group.MapDelete("/{id}", CancelAsync).RequireAuthorization(Scopes.Send)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CancelMessage").WithSummary("Cancel a message whose send_at is still in the future (it ends as dropped, reason cancelled).");
        return app;
    }

    private static async Task<Results<Accepted<MessageAccepted>, ProblemHttpResult>> SendAsync(
        HttpContext context, ClaimsPrincipal user, MessageAcceptor acceptor, TemplateEngine templates, TemplateStore stored, IOptions<MessagesOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }

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
            return Problems.Status(StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON for this endpoint ({e.Path ?? "$"}).", "malformed_json");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Requests are limited to {limits.MaxRequestBytes} bytes.", "payload_too_large");
        }

        if (request is null)
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Malformed JSON", "The body must be a JSON object.", "malformed_json");
        }

        ResolvedTemplate? template;
        try
        {
            // The version is fixed now: a message already queued is not changed by a later edit of the template.
            template = request.TemplateId is { } templateId && TemplateEditor.IsValidId(templateId)
                ? await stored.ResolveAsync(user.TenantId(), templateId, request.TemplateVersion, cancellationToken)
                : null;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            context.Response.Headers.RetryAfter = "5";
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "Nothing was queued; retry later.", "unavailable");
        }

        var validation = SendMessageValidator.Validate(request, limits, time.GetUtcNow(), templates, template);
        if (validation.TooLarge)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Message too large", validation.Errors.First().Value[0], "message_too_large");
        }

        if (!validation.IsValid)
        {
            return Problems.Validation(validation.Errors);
        }

        AcceptOutcome outcome;
        try
        {
            outcome = await acceptor.AcceptAsync(user.TenantId(), validation.Message!, cancellationToken);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Not durably queued (Redis failed or timed out, or PostgreSQL could not answer the suppression check): the
            // client still owns the message and retries (reliability.md I2, T44).
            outcome = new AcceptOutcome(AcceptStatus.Unavailable);
        }

        switch (outcome.Status)
        {
            case AcceptStatus.SenderNotAuthorized:
                return Problems.Validation("from.email", "The sender's domain is not one of this account's domains.", "sender_not_authorized");
            case AcceptStatus.Backpressure:
                context.Response.Headers.RetryAfter = "5";
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Queue full", "The queue is above its high-water mark; retry later.", "backpressure");
            case AcceptStatus.PoolNotAllowed:
                return Problems.Validation("ip_pool", "This account may not use that IP pool (neither its default nor an allowed pool).", "ip_pool_not_allowed");
            case AcceptStatus.QuotaExceeded:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(outcome.RetryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Status(StatusCodes.Status429TooManyRequests, "Sending quota exceeded", "This account's hourly or daily sending quota would be exceeded; nothing was queued.", "quota_exceeded");
            case AcceptStatus.Unavailable:
                context.Response.Headers.RetryAfter = "5";
                return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "Nothing was queued; retry later.", "unavailable");
            default:
                return TypedResults.Accepted((string?)null, outcome.Accepted!);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> CancelAsync(
        string id, ClaimsPrincipal user, MessageStore store, OutboundQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenantId = user.TenantId();
        if (await store.GetAsync(tenantId, id, cancellationToken) is not { } message)
        {
            return Problems.NotFound("message");
        }

        var shard = queue.ShardOf(Addresses.DomainOf(message.Recipient));
        return await queue.CancelScheduledAsync(shard, message.Id, message.BatchId, StoredMessageEvents.Cancelled(message, tenantId, time.GetUtcNow()), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Status(StatusCodes.Status409Conflict, "Not cancellable", "Only a message whose send_at is still in the future can be cancelled.", "not_cancellable");
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, MessageStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), id, cancellationToken) is { } message ? TypedResults.Ok(message) : Problems.NotFound("message");
}
