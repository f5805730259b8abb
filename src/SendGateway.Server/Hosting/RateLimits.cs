using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>The API's request rate limits (reliability.md T42): chained token buckets, 429 + Retry-After, never the default 503.</summary>
internal static class RateLimits
{
    public static IServiceCollection AddSendGatewayRateLimits(this IServiceCollection services)
    {
        services.AddValidatedOptions<RateLimitOptions>("SendGateway:RateLimits");
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests", "The request rate limit was exceeded; retry after the given delay.", "rate_limited")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    c.User.FindFirst(TenantClaims.Key)?.Value is { } key ? Bucket("key:" + key, l.PerKeyPerSecond, l.PerKeyBurst) : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    c.User.FindFirst(TenantClaims.Tenant)?.Value is { } tenant ? Bucket("tenant:" + tenant, l.PerTenantPerSecond, l.PerTenantBurst) : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(c =>
                    c.User.Identity?.IsAuthenticated == true || !c.Request.Path.StartsWithSegments("/v1")
                        ? RateLimitPartition.GetNoLimiter(string.Empty)
                        : Bucket("ip:" + ClientAddress.Of(c), l.PerAddressPerSecond, l.PerAddressBurst)));
        });
        return services;
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int burst) =>
        perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1), TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
            });
}
