namespace SendGateway.Client;

/// <summary>The API's <c>EventView</c> object.</summary>
public sealed record EventView
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>type</c>.</summary>
    public string? Type { get; init; }

    /// <summary>JSON <c>timestamp</c>.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>JSON <c>message_id</c>.</summary>
    public string? MessageId { get; init; }

    /// <summary>JSON <c>batch_id</c>.</summary>
    public string? BatchId { get; init; }

    /// <summary>JSON <c>sequence</c>.</summary>
    public int Sequence { get; init; }

    /// <summary>JSON <c>recipient</c>.</summary>
    public string? Recipient { get; init; }

    /// <summary>JSON <c>recipient_domain</c>.</summary>
    public string? RecipientDomain { get; init; }

    /// <summary>JSON <c>from</c>.</summary>
    public string? From { get; init; }

    /// <summary>JSON <c>tags</c>.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>JSON <c>metadata</c>.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>JSON <c>smtp</c>.</summary>
    public SmtpDetail? Smtp { get; init; }

    /// <summary>JSON <c>bounce</c>.</summary>
    public BounceDetail? Bounce { get; init; }

    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>JSON <c>url</c>.</summary>
    public string? Url { get; init; }

    /// <summary>JSON <c>user_agent</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>JSON <c>machine</c>.</summary>
    public bool? Machine { get; init; }

    /// <summary>JSON <c>machine_reason</c>.</summary>
    public string? MachineReason { get; init; }

    /// <summary>JSON <c>client</c>.</summary>
    public ClientDetail? Client { get; init; }

    /// <summary>JSON <c>stream</c>.</summary>
    public string? Stream { get; init; }
}
