namespace SendGateway.Server.Tracking;

/// <summary>
/// What a tracking link carries, signed: which message (never the address), where its events go (the shard of its
/// other events, so they are stored after them), when it was sent (for prefetch verdicts) and, for a click, the URL.
/// </summary>
public sealed record TrackingToken(char Kind, string TenantId, string MessageId, int Shard, int Sequence, DateTimeOffset SentAt, string? Url)
{
    public const char Open = 'o';
    public const char Click = 'c';
    public const char Unsubscribe = 'u';
}
