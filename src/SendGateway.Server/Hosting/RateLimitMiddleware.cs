using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// After authentication, before authorization (whose 401 would otherwise spare keyless requests the per-address limit):
/// takes the request's shared buckets in one Redis call; when limits are not shared or Redis does not answer, counts it
/// on this node's own buckets instead. Over a limit: 429 with Retry-After and problem details.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, IOptions<RateLimitOptions> options, RateLimitBuckets buckets, SharedRateLimits shared)
{
    private readonly PartitionedRateLimiter<HttpContext> _local = RateLimits.Local(options.Value);

    public async Task InvokeAsync(HttpContext context)
    {
        var wait = await WaitAsync(context);
        if (wait > TimeSpan.Zero)
        {
            await RateLimits.RejectAsync(context, wait);
            return;
        }

        await next(context);
    }

    private async Task<TimeSpan> WaitAsync(HttpContext context)
    {
        if (options.Value.Shared)
        {
            var mine = buckets.Of(context);
            if (mine.Count == 0)
            {
                return TimeSpan.Zero;
            }

            if (await shared.TakeAsync(mine, context.RequestAborted) is { } wait)
            {
                return wait;
            }
        }

        using var lease = _local.AttemptAcquire(context);
        return lease.IsAcquired ? TimeSpan.Zero
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }
}
