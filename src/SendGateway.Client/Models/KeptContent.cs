namespace SendGateway.Client;

/// <summary>The API's <c>KeptContent</c> object.</summary>
public sealed record KeptContent
{
    /// <summary>JSON <c>message_id</c>.</summary>
    public string? MessageId { get; init; }

    /// <summary>JSON <c>stored_at</c>.</summary>
    public DateTimeOffset StoredAt { get; init; }

    /// <summary>JSON <c>mime</c>.</summary>
    public string? Mime { get; init; }
}
