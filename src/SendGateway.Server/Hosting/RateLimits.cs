using System.Globalization;
using System.Threading.RateLimiting;

namespace SendGateway.Server.Hosting;

/// <summary>
/// The API's request rate limits (reliability.md T42): per key, per tenant, per client address without a key; 429 +
/// Retry-After, never the default 503. Shared by every node through Redis (<see cref="SharedRateLimits"/>), counted on
/// this node alone (<see cref="Local"/>) when limits are not shared or Redis does not answer.
/// </summary>
internal static class RateLimits
{
    public static IServiceCollection AddSendGatewayRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>("SendGateway:RateLimits");
        services.AddSingleton<SharedRateLimits>();
        services.AddSingleton<RateLimitBuckets>();
        return services;
    }

    /// <summary>The same limits counted on this node: chained in-process token buckets.</summary>
    public static PartitionedRateLimiter<HttpContext> Local(RateLimitOptions l) => PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<HttpContext, string>(c =>
            c.User.FindFirst(TenantClaims.Key)?.Value is { } key ? Bucket("key:" + key, l.PerKeyPerSecond, l.PerKeyBurst) : RateLimitPartition.GetNoLimiter(string.Empty)),
        PartitionedRateLimiter.Create<HttpContext, string>(c =>
            c.User.FindFirst(TenantClaims.Tenant)?.Value is { } tenant ? Bucket("tenant:" + tenant, l.PerTenantPerSecond, l.PerTenantBurst) : RateLimitPartition.GetNoLimiter(string.Empty)),
        PartitionedRateLimiter.Create<HttpContext, string>(c =>
            !ByAddress(c) ? RateLimitPartition.GetNoLimiter(string.Empty) : Bucket("ip:" + ClientAddress.Of(c), l.PerAddressPerSecond, l.PerAddressBurst)));

    /// <summary>Unauthenticated requests to the API are limited per client address; the panel and the rest are not.</summary>
    public static bool ByAddress(HttpContext c) => c.User.Identity?.IsAuthenticated != true && c.Request.Path.StartsWithSegments("/v1");

    public static async Task RejectAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", "The request rate limit was exceeded; retry after the given delay.", "rate_limited")
            .ExecuteAsync(context);
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int burst) =>
        perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1), TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
            });
}
