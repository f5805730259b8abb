namespace SendGateway.Client;

/// <summary>The API's <c>WebhookSecretRotated</c> object.</summary>
public sealed record WebhookSecretRotated
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>secret</c>.</summary>
    public string? Secret { get; init; }

    /// <summary>JSON <c>previous_secret_expires_at</c>.</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
}
