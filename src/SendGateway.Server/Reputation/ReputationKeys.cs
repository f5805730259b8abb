namespace SendGateway.Server.Reputation;

/// <summary>
/// The guard's Redis keys. One hash per tenant holds its counts by bucket (<c>{bucket}|{metric}</c> for the tenant,
/// <c>{bucket}|{metric}|{domain}</c> per sender domain; the metrics are <see cref="ReputationCounts"/>' letters); it
/// expires a window after its last write and stale buckets are removed as it is read. A sorted set names the tenants
/// with events, scored by their last write, trimmed to the window: the tenants a round compares.
/// </summary>
internal static class ReputationKeys
{
    public const string Active = "sg:rep:active";

    /// <summary>When the last round done (any node's) started, in Unix milliseconds.</summary>
    public const string LastRound = "sg:rep:round";

    public static string Counts(string tenantId) => $"sg:rep:{tenantId}";

    public static long BucketOf(DateTimeOffset at, TimeSpan bucket) => at.ToUnixTimeMilliseconds() / (long)bucket.TotalMilliseconds;

    public static string Field(long bucket, char metric, string? domain) =>
        domain is null ? $"{bucket}|{metric}" : $"{bucket}|{metric}|{domain}";
}
