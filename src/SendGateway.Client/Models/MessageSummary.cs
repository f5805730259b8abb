namespace SendGateway.Client;

/// <summary>The API's <c>MessageSummary</c> object: one message of <c>GET /v1/messages</c>.</summary>
public sealed record MessageSummary
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>recipient</c>.</summary>
    public string? Recipient { get; init; }

    /// <summary>JSON <c>subject</c> (null when the account keeps no subjects, or once anonymised).</summary>
    public string? Subject { get; init; }

    /// <summary>JSON <c>stream</c>.</summary>
    public string? Stream { get; init; }

    /// <summary>JSON <c>tags</c>.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>JSON <c>status</c>.</summary>
    public string? Status { get; init; }

    /// <summary>JSON <c>accepted_at</c>.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>JSON <c>updated_at</c>.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>JSON <c>opens</c>: opens by people.</summary>
    public int Opens { get; init; }

    /// <summary>JSON <c>clicks</c>: clicks by people.</summary>
    public int Clicks { get; init; }
}
