namespace SendGateway.Client;

/// <summary>The filters of <c>GET /v1/events</c>; all optional.</summary>
public sealed record EventQuery
{
    /// <summary>One event type (<see cref="EventTypes"/>).</summary>
    public string? Type { get; init; }

    /// <summary>One recipient address.</summary>
    public string? Recipient { get; init; }

    /// <summary>One message id.</summary>
    public string? MessageId { get; init; }

    /// <summary>One tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Events at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Events before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Page size (the server caps it).</summary>
    public int? Limit { get; init; }

    /// <summary>The <c>next_cursor</c> of the previous page.</summary>
    public string? Cursor { get; init; }
}
