using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Repeated hits of one token within <see cref="TrackingOptions.RepeatWindow"/> count once: the first hit sets
/// <c>sg:hit:{token hash}</c> (SET NX, kept for the window) and is recorded; later ones in the window are answered
/// and not recorded. In Redis, so every node agrees. A double click, a reload, an image fetched twice, or a token
/// fetched 150 times in half a second is one event.
/// </summary>
public sealed class RepeatedHits(IConnectionMultiplexer redis, IOptions<TrackingOptions> options)
{
    /// <summary>True when this hit is the first of <paramref name="token"/> in the window (or the window is off).</summary>
    public async Task<bool> FirstAsync(string token, CancellationToken cancellationToken)
    {
        var window = options.Value.RepeatWindow;
        if (window <= TimeSpan.Zero)
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var key = "sg:hit:" + Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)), 0, 16);
        return await redis.GetDatabase().StringSetAsync(key, "1", window, When.NotExists);
    }
}
