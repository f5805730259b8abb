namespace SendGateway.Server.Tracking;

/// <summary>
/// What a tracking link carries, signed: which message (never the address), where its events go (the shard of its
/// other events, so they are stored after them), when it was sent (for prefetch verdicts), what the copy tracked
/// (<see cref="Flags"/>) and, for a click, the URL.
/// </summary>
public sealed record TrackingToken(char Kind, string TenantId, string MessageId, int Shard, int Sequence, DateTimeOffset SentAt, string? Url, byte Flags = 0)
{
    public const char Open = 'o';
    public const char Click = 'c';
    public const char Unsubscribe = 'u';

    /// <summary>The copy carried an open pixel: a click before any open is then telling (<see cref="ClientVerdicts"/>).</summary>
    public const byte OpensTracked = 1;

    /// <summary>The tenant keeps the User-Agent of opens and clicks (<c>tracking_store_user_agent</c>).</summary>
    public const byte StoreUserAgent = 2;

    public bool Has(byte flag) => (Flags & flag) != 0;
}
