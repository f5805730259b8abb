namespace SendGateway.Client;

/// <summary><c>/v1/messages</c>: send, search, look up and cancel messages.</summary>
public sealed class MessagesClient
{
    private readonly ApiConnection _api;

    internal MessagesClient(ApiConnection api) => _api = api;

    /// <summary>
    /// Sends one message per <c>to</c> entry; returns once every accepted message is durably queued. Each call carries an
    /// <c>Idempotency-Key</c> (a new one unless <paramref name="idempotencyKey"/> is given), so a retried call never queues twice.
    /// </summary>
    [ApiOperation("SendMessage", "POST", "/v1/messages")]
    public Task<MessageAccepted> SendAsync(SendMessageRequest message, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        _api.SendAsync<MessageAccepted>(HttpMethod.Post, "/v1/messages", message, cancellationToken, idempotent: true, idempotencyKey);

    /// <summary>The account's messages, newest first, searched; <see cref="Page{T}.NextCursor"/> continues towards older ones.</summary>
    [ApiOperation("ListMessages", "GET", "/v1/messages")]
    public Task<Page<MessageSummary>> ListAsync(MessageQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new MessageQuery();
        var path = new Query("/v1/messages").Add("recipient", query.Recipient).Add("subject", query.Subject).Add("message_id", query.MessageId)
            .Add("tag", query.Tag).Add("stream", query.Stream).Add("status", query.Status).Add("since", query.Since).Add("until", query.Until)
            .Add("limit", query.Limit).Add("cursor", query.Cursor);
        return _api.SendAsync<Page<MessageSummary>>(HttpMethod.Get, path.ToString(), null, cancellationToken);
    }

    /// <summary>A message's envelope, current status and events in order.</summary>
    [ApiOperation("GetMessage", "GET", "/v1/messages/{id}")]
    public Task<MessageView> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync<MessageView>(HttpMethod.Get, $"/v1/messages/{Query.Segment(id)}", null, cancellationToken);

    /// <summary>Cancels a message whose <c>send_at</c> is still in the future (409 otherwise); it ends as <c>dropped</c>.</summary>
    [ApiOperation("CancelMessage", "DELETE", "/v1/messages/{id}")]
    public Task CancelAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, $"/v1/messages/{Query.Segment(id)}", null, cancellationToken);
}
