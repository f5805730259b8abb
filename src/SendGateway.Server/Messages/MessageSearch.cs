namespace SendGateway.Server.Messages;

/// <summary>
/// A search of a tenant's messages, newest first (the panel's Activity, <c>GET /v1/messages</c>). Each field narrows it;
/// <see cref="After"/> is the decoded cursor (accepted time and id of the last message of the page before).
/// </summary>
internal sealed record MessageSearch
{
    /// <summary>The recipient's address (any case); <see cref="RecipientHash"/> also finds their anonymised messages.</summary>
    public string? Recipient { get; init; }

    public string? RecipientHash { get; init; }

    /// <summary>Words the subject holds (each as a word prefix, all of them): <see cref="SubjectWords"/>.</summary>
    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public string? Tag { get; init; }

    /// <summary>A stream id; <c>transactional</c> includes messages from before streams.</summary>
    public string? Stream { get; init; }

    /// <summary>The message's status (an event type: its highest-ranked event so far).</summary>
    public string? Status { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public (DateTime At, string Id)? After { get; init; }

    public int Limit { get; init; } = 50;
}
