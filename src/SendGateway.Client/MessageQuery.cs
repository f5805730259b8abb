namespace SendGateway.Client;

/// <summary>The filters of <c>GET /v1/messages</c>; all optional.</summary>
public sealed record MessageQuery
{
    /// <summary>The recipient's address (any case).</summary>
    public string? Recipient { get; init; }

    /// <summary>Words the subject holds (each as a word prefix).</summary>
    public string? Subject { get; init; }

    /// <summary>One message id.</summary>
    public string? MessageId { get; init; }

    /// <summary>One tag.</summary>
    public string? Tag { get; init; }

    /// <summary>One stream id.</summary>
    public string? Stream { get; init; }

    /// <summary>The message's status (<see cref="EventTypes"/>).</summary>
    public string? Status { get; init; }

    /// <summary>Messages accepted at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Messages accepted before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Page size (the server caps it).</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }
}
