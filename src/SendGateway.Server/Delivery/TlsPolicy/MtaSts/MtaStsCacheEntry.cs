namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// What a process knows of a domain: the policy (null: none known), when it was fetched, the answer lookups get, and
/// when to look at the TXT record (or fetch) again; until then the entry answers without any network.
/// </summary>
internal sealed record MtaStsCacheEntry(MtaStsPolicy? Policy, DateTimeOffset FetchedAt, DateTimeOffset NextCheckAt, MtaStsLookup Answer)
{
    public DateTimeOffset ExpiresAt => FetchedAt + (Policy?.MaxAge ?? TimeSpan.Zero);

    public bool IsUsable(DateTimeOffset now) => Policy is not null && now < ExpiresAt;

    public bool IsFresh(DateTimeOffset now) => now < NextCheckAt && (Policy is null || now < ExpiresAt);

    /// <summary>When a policy in use is fetched again ahead of its expiry.</summary>
    public DateTimeOffset RefreshAt(double fraction) => FetchedAt + ((Policy?.MaxAge ?? TimeSpan.Zero) * fraction);

    /// <summary>The answer for a policy: <c>mode: none</c> is no policy (RFC 8461 §5).</summary>
    public static MtaStsLookup AnswerFor(MtaStsPolicy policy) => policy.Mode == MtaStsMode.None ? MtaStsLookup.NoPolicy : new MtaStsLookup(policy);
}
