using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Tenants;
using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Webhooks;

/// <summary><c>/v1/webhooks</c> (api.md §5–6, scope <c>manage</c>): endpoints, their attempt log and a test send.</summary>
internal static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Scopes.Manage).RequireRole(TenantRoles.Developer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", CreateAsync).WithIdempotency().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("CreateWebhook").WithSummary("Register an endpoint; the signing secret (whsec_…) is shown only in this response.");
        group.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("List endpoints.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetWebhook").WithSummary("Get an endpoint.");
        group.MapPatch("/{id}", UpdateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("UpdateWebhook").WithSummary("Change url, events, batch_size or enabled (re-enabling resumes its pending batches).");
        group.MapDelete("/{id}", DeleteAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("DeleteWebhook").WithSummary("Remove an endpoint and its pending batches.");
        group.MapGet("/{id}/deliveries", DeliveriesAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ListWebhookDeliveries").WithSummary("Every attempt, newest first: time, status code, latency, error.");
        group.MapPost("/{id}/test", TestAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("TestWebhook").WithSummary("Send one signed sample event now and report what the endpoint answered.");
        group.MapPost("/{id}/rotate-secret", RotateSecretAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RotateWebhookSecret").WithSummary("A new signing secret, shown only in this response; the previous one signs beside it until previous_secret_expires_at.");
        group.MapPost("/{id}/replay", ReplayAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ReplayWebhook").WithSummary("Send failed batches again now: one by batch_id, or those formed from..to (include_delivered: delivered ones too).");
        return app;
    }

    private static async Task<Results<Created<WebhookCreated>, ProblemHttpResult>> CreateAsync(
        CreateWebhookRequest request, ClaimsPrincipal user, WebhookChanges changes, CancellationToken cancellationToken) =>
        await changes.CreateAsync(user.TenantId(), request, cancellationToken) switch
        {
            (_, { } created, _) => TypedResults.Created($"/v1/webhooks/{created.Id}", created),
            (var errors, _, true) => Problems.Validation(errors, type: "too_many_webhooks"),
            (var errors, _, false) => Problems.Validation(errors),
        };

    private static async Task<Results<Ok<Page<Webhook>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, WebhookStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        var rows = await store.ListAsync(user.TenantId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, w => w.Id));
    }

    private static async Task<Results<Ok<Webhook>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, WebhookStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(user.TenantId(), id, cancellationToken) is { } webhook ? TypedResults.Ok(webhook) : Problems.NotFound("webhook");

    private static async Task<Results<Ok<Webhook>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateWebhookRequest request, ClaimsPrincipal user, WebhookStore store, WebhookChanges changes, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(user.TenantId(), id, cancellationToken);
        if (current is null)
        {
            return Problems.NotFound("webhook");
        }

        if (await changes.CheckAsync(request.Url ?? current.Url, request.Events ?? current.Events, request.BatchSize ?? current.BatchSize, cancellationToken, request.Streams) is { Count: > 0 } errors)
        {
            return Problems.Validation(errors);
        }

        var change = request with { Events = request.Events?.Distinct().ToArray(), Streams = request.Streams?.Distinct().ToArray() };
        return await store.UpdateAsync(user.TenantId(), id, change, cancellationToken) is { } updated ? TypedResults.Ok(updated) : Problems.NotFound("webhook");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, ClaimsPrincipal user, WebhookStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(user.TenantId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound("webhook");

    private static async Task<Results<Ok<Page<WebhookDelivery>>, ProblemHttpResult>> DeliveriesAsync(
        string id, ClaimsPrincipal user, WebhookStore store, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (!Paging.TryLimit(limit, out var take))
        {
            return Problems.Validation("limit", "limit must be between 1 and 1000.");
        }

        if (!Paging.TryIdCursor(cursor, out var before))
        {
            return Problems.Validation("cursor", "Not a cursor returned by this endpoint.");
        }

        if (await store.GetAsync(user.TenantId(), id, cancellationToken) is null)
        {
            return Problems.NotFound("webhook");
        }

        var rows = await store.DeliveriesAsync(user.TenantId(), id, before, take + 1, cancellationToken);
        return TypedResults.Ok(Paging.Page(rows, take, d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task<Results<Ok<WebhookTestResult>, ProblemHttpResult>> TestAsync(
        string id, ClaimsPrincipal user, WebhookChanges changes, CancellationToken cancellationToken) =>
        await changes.TestAsync(user.TenantId(), id, cancellationToken) is { } result ? TypedResults.Ok(result) : Problems.NotFound("webhook");

    private static async Task<Results<Ok<WebhookSecretRotated>, ProblemHttpResult>> RotateSecretAsync(
        string id, ClaimsPrincipal user, WebhookChanges changes, CancellationToken cancellationToken) =>
        await changes.RotateSecretAsync(user.TenantId(), id, cancellationToken) is { } rotated ? TypedResults.Ok(rotated) : Problems.NotFound("webhook");

    private static async Task<Results<Ok<WebhookReplayed>, ProblemHttpResult>> ReplayAsync(
        string id, ReplayWebhookRequest request, ClaimsPrincipal user, WebhookChanges changes, CancellationToken cancellationToken) =>
        await changes.ReplayAsync(user.TenantId(), id, request, cancellationToken) switch
        {
            null => Problems.NotFound("webhook"),
            (_, { } replayed) => TypedResults.Ok(replayed),
            var (errors, _) => Problems.Validation(errors),
        };
}
