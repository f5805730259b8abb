namespace SendGateway.Client;

/// <summary>The API's <c>DeadLetterReplayed</c> object.</summary>
public sealed record DeadLetterReplayed
{
    /// <summary>JSON <c>replayed_as</c>.</summary>
    public string? ReplayedAs { get; init; }
}
