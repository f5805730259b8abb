namespace SendGateway.Client;

/// <summary>The API's <c>WebhookReplayed</c> object.</summary>
public sealed record WebhookReplayed
{
    /// <summary>JSON <c>replayed</c>.</summary>
    public int Replayed { get; init; }
}
