namespace SendGateway.Server.Relay;

/// <summary>An SMTP credential as listed (never with its password).</summary>
internal sealed record SmtpCredential
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Username { get; init; } = string.Empty;

    /// <summary>The stream its messages belong to unless they name one (<c>X-SG-Stream</c>); null = transactional.</summary>
    public string? DefaultStream { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When a session last signed in with it (written every <c>LastUse:FlushInterval</c>, so it lags); null: never.</summary>
    public DateTime? LastUsedAt { get; init; }
}
