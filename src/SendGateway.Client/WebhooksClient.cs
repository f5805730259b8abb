namespace SendGateway.Client;

/// <summary><c>/v1/webhooks</c>: endpoints that receive signed batches of events.</summary>
public sealed class WebhooksClient
{
    private readonly ApiConnection _api;

    internal WebhooksClient(ApiConnection api) => _api = api;

    /// <summary>Adds an endpoint; its signing secret is in the answer and never shown again.</summary>
    [ApiOperation("CreateWebhook", "POST", "/v1/webhooks")]
    public Task<WebhookCreated> CreateAsync(CreateWebhookRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<WebhookCreated>(HttpMethod.Post, "/v1/webhooks", request, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>One page of endpoints.</summary>
    [ApiOperation("ListWebhooks", "GET", "/v1/webhooks")]
    public Task<Page<Webhook>> ListAsync(int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<Webhook>>(HttpMethod.Get, new Query("/v1/webhooks").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>One endpoint.</summary>
    [ApiOperation("GetWebhook", "GET", "/v1/webhooks/{id}")]
    public Task<Webhook> GetAsync(string id, CancellationToken cancellationToken = default) => _api.SendAsync<Webhook>(HttpMethod.Get, Path(id), null, cancellationToken);

    /// <summary>Changes the URL, events, batch size or enables it again.</summary>
    [ApiOperation("UpdateWebhook", "PATCH", "/v1/webhooks/{id}")]
    public Task<Webhook> UpdateAsync(string id, UpdateWebhookRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Webhook>(HttpMethod.Patch, Path(id), request, cancellationToken);

    /// <summary>Removes an endpoint.</summary>
    [ApiOperation("DeleteWebhook", "DELETE", "/v1/webhooks/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _api.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    /// <summary>One page of delivery attempts, newest first.</summary>
    [ApiOperation("ListWebhookDeliveries", "GET", "/v1/webhooks/{id}/deliveries")]
    public Task<Page<WebhookDelivery>> ListDeliveriesAsync(string id, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<Page<WebhookDelivery>>(HttpMethod.Get, new Query($"{Path(id)}/deliveries").Add("limit", limit).Add("cursor", cursor).ToString(), null, cancellationToken);

    /// <summary>Sends a signed test batch now and reports the endpoint's answer.</summary>
    [ApiOperation("TestWebhook", "POST", "/v1/webhooks/{id}/test")]
    public Task<WebhookTestResult> TestAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<WebhookTestResult>(HttpMethod.Post, $"{Path(id)}/test", null, cancellationToken);

    /// <summary>A new signing secret; the previous one keeps signing beside it until <c>previous_secret_expires_at</c>.</summary>
    [ApiOperation("RotateWebhookSecret", "POST", "/v1/webhooks/{id}/rotate-secret")]
    public Task<WebhookSecretRotated> RotateSecretAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<WebhookSecretRotated>(HttpMethod.Post, $"{Path(id)}/rotate-secret", null, cancellationToken);

    /// <summary>Sends batches again: one by id, or those since a time (failed ones unless <c>include_delivered</c>).</summary>
    [ApiOperation("ReplayWebhook", "POST", "/v1/webhooks/{id}/replay")]
    public Task<WebhookReplayed> ReplayAsync(string id, ReplayWebhookRequest request, CancellationToken cancellationToken = default) =>
        _api.SendAsync<WebhookReplayed>(HttpMethod.Post, $"{Path(id)}/replay", request, cancellationToken);

    private static string Path(string id) => $"/v1/webhooks/{Query.Segment(id)}";
}
