using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Tracking;

/// <summary>
/// Repeated hits of one token within <see cref="TrackingOptions.RepeatWindow"/> count once: the first hit sets
/// <c>sg:hit:{token hash}</c> (SET NX, kept for the window) and is recorded; later ones in the window are answered
/// and not recorded. The hash is of what the token says (kind, tenant, message, link), not of its text, so spellings
/// of one token that decode alike (padding, whitespace) are one token. In Redis, so every node agrees. A double click, a reload, an image fetched twice, or a token
/// fetched 150 times in half a second is one event.
/// </summary>
internal sealed class RepeatedHits(IConnectionMultiplexer redis, IOptions<TrackingOptions> options)
{
    /// <summary>True when this hit is the first of <paramref name="token"/> in the window (or the window is off).</summary>
    public async Task<bool> FirstAsync(TrackingToken token, CancellationToken cancellationToken)
    {
        var window = options.Value.RepeatWindow;
        if (window <= TimeSpan.Zero)
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var said = $"{token.Kind}\0{token.TenantId}\0{token.MessageId}\0{token.Url}";
        var key = "sg:hit:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(said)), 0, 16);
        return await redis.GetDatabase().StringSetAsync(key, "1", window, When.NotExists);
    }
}
