using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;
using SendGateway.Server.Settings;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Checking, creating and test-sending webhook endpoints: the one implementation behind <c>/v1/webhooks</c> and the
/// panel's Webhooks page (URLs pass the same SSRF checks either way).
/// </summary>
internal sealed class WebhookChanges(WebhookStore store, WebhookBatchStore batches, WebhookUrls urls, WebhookSender sender, IOptions<WebhooksOptions> options, IOptions<JsonOptions> json, TimeProvider time,
    TenantSettingsStore settings)
{
    /// <summary>Streams one endpoint may name (a tenant has at most this many: <c>Streams:MaxPerTenant</c>'s bound).</summary>
    public const int MaxStreams = 1000;

    /// <summary>The errors by the API's field names (none: valid).</summary>
    public async Task<Dictionary<string, string[]>> CheckAsync(string? url, string[] events, int batchSize, CancellationToken cancellationToken, string[]? streams = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (streams is not null && (streams.Length > MaxStreams || streams.Any(s => !Streams.StreamInput.IsId(s))))
        {
            errors["streams"] = [$"Up to {MaxStreams} stream ids (transactional, broadcast or the account's own); empty or left out: every stream."];
        }

        if (await urls.ValidateAsync(url, cancellationToken) is { } urlError)
        {
            errors["url"] = [urlError];
        }

        if (events.Length == 0 || events.Any(e => !WebhookEventTypes.Subscribable.Contains(e)))
        {
            errors["events"] = [$"One or more of {string.Join(", ", WebhookEventTypes.Subscribable)}."];
        }

        if (batchSize < 1 || batchSize > options.Value.MaxBatchSize)
        {
            errors["batch_size"] = [$"Must be between 1 and {options.Value.MaxBatchSize}."];
        }

        return errors;
    }

    /// <summary>The errors (TooMany: the tenant's limit of endpoints is reached), or none and the endpoint with its secret (shown once).</summary>
    public async Task<(Dictionary<string, string[]> Errors, WebhookCreated? Created, bool TooMany)> CreateAsync(string tenantId, CreateWebhookRequest request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var events = request.Events ?? EventTypes.All;
        var batchSize = request.BatchSize ?? o.DefaultBatchSize;
        var errors = await CheckAsync(request.Url, events, batchSize, cancellationToken, request.Streams);
        var streams = request.Streams is { Length: > 0 } named ? named.Distinct().ToArray() : null;
        if (errors.Count > 0)
        {
            return (errors, null, false);
        }

        if (await store.CreateAsync(tenantId, request.Url!, events.Distinct().ToArray(), batchSize, streams, o.MaxEndpointsPerTenant, cancellationToken) is not { } c)
        {
            errors["url"] = [$"A tenant can have at most {o.MaxEndpointsPerTenant} webhook endpoints."];
            return (errors, null, true);
        }

        var w = c.Webhook;
        return (errors, new WebhookCreated(w.Id, w.Url, w.Events, w.BatchSize, w.Enabled, c.Secret, w.CreatedAt, w.Streams), false);
    }

    /// <summary>Sends one signed sample event now and logs the attempt; null when the tenant has no such endpoint.</summary>
    public async Task<WebhookTestResult?> TestAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var webhook = await store.GetAsync(tenantId, id, cancellationToken);
        var secrets = webhook is null ? null : await store.GetSigningSecretsAsync(tenantId, id, cancellationToken);
        if (webhook is null || secrets is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var sample = new EventView(
            Ids.New("evt"), EventTypes.Ok, now, Ids.New("msg"), Ids.New("bat"), 2, "test@example.test", "example.test", "sender@example.test", ["webhook-test"],
            new Dictionary<string, string> { ["test"] = "true" }, new SmtpDetail(250, "2.0.0", "250 2.0.0 Ok: webhook test", "mx.example.test", null, true, 1), null, null, null, null);
        var messageId = Ids.New("whm");
        var payload = WebhookRecipientShape.Serialize([sample], await settings.GetAsync(tenantId, cancellationToken), json.Value.SerializerOptions);
        var result = await sender.SendAsync(webhook.Url, secrets, messageId, payload, cancellationToken);
        await store.RecordAttemptAsync(tenantId, id, messageId, 1, now.UtcDateTime, result, 1, cancellationToken);
        return new WebhookTestResult(result.Succeeded, result.StatusCode, result.LatencyMs, result.Error, messageId);
    }

    /// <summary>A new signing secret (shown once); the previous one signs beside it for <see cref="WebhooksOptions.PreviousSecretOverlap"/>. Null: no such endpoint.</summary>
    public async Task<WebhookSecretRotated?> RotateSecretAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await store.RotateSecretAsync(tenantId, id, options.Value.PreviousSecretOverlap, cancellationToken) is { } rotated
            ? new WebhookSecretRotated(id, rotated.Secret, rotated.PreviousExpiresAt)
            : null;

    /// <summary>The errors by field, or how many batches go out again; null when there is no such endpoint.</summary>
    public async Task<(Dictionary<string, string[]> Errors, WebhookReplayed? Replayed)?> ReplayAsync(
        string tenantId, string id, ReplayWebhookRequest request, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, id, cancellationToken) is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.BatchId is null && request.From is null)
        {
            errors["batch_id"] = ["Give batch_id (a webhook-id from the delivery log), or from (and optionally to) for a time range."];
        }
        else if (request.BatchId is not null && (request.From is not null || request.To is not null))
        {
            errors["batch_id"] = ["Give batch_id or a time range, not both."];
        }
        else if (request.From is { } from && request.To is { } to && to <= from)
        {
            errors["to"] = ["to must be after from."];
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var count = await batches.ReplayAsync(
            tenantId, id, request.BatchId, request.From?.UtcDateTime, request.To?.UtcDateTime, request.IncludeDelivered ?? false, options.Value.MaxReplayBatches, cancellationToken);
        return (errors, new WebhookReplayed(count));
    }
}
