namespace SendGateway.Client;

/// <summary>The API's <c>MessageHold</c> object: why a message not yet final waits without attempts (<c>tenant_paused</c>).</summary>
public sealed record MessageHold
{
    /// <summary>JSON <c>reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>JSON <c>since</c>.</summary>
    public DateTimeOffset? Since { get; init; }
}
