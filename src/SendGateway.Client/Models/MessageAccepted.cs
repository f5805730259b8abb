namespace SendGateway.Client;

/// <summary>The API's <c>MessageAccepted</c> object.</summary>
public sealed record MessageAccepted
{
    /// <summary>JSON <c>batch_id</c>.</summary>
    public string? BatchId { get; init; }

    /// <summary>JSON <c>messages</c>.</summary>
    public IReadOnlyList<AcceptedRecipient>? Messages { get; init; }
}
