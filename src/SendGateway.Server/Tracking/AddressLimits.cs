using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Tracking;

/// <summary>
/// How often one client address may use the public endpoints: a counter per address, endpoint family and
/// <see cref="TrackingOptions.PublicLimitWindow"/> in Redis (<c>sg:pub:{family}:{address hash}:{window}</c>, gone with
/// its window), so every node counts together. An IPv6 client counts by its /64, which one subscriber usually holds
/// whole. The address is kept only hashed, and only for the window. Without Redis the request goes through (what it
/// would record cannot be recorded either).
/// </summary>
internal sealed class AddressLimits(IConnectionMultiplexer redis, IOptions<TrackingOptions> options, TimeProvider time, ILogger<AddressLimits> logger)
{
    /// <summary>The opens and clicks family (<see cref="TrackingOptions.MaxHitsPerAddress"/>).</summary>
    public const string Hits = "t";

    /// <summary>The unsubscribe page and its one-click POST (<see cref="TrackingOptions.MaxUnsubscribesPerAddress"/>).</summary>
    public const string Unsubscribes = "u";

    private const string Count = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    /// <summary>Null when the request is within its address's limit, else how long until the window turns.</summary>
    public async Task<TimeSpan?> OverLimitAsync(HttpContext context, string family, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var limit = family == Hits ? o.MaxHitsPerAddress : o.MaxUnsubscribesPerAddress;
        if (limit == 0 || Common.ClientAddress.Of(context) is not { } address)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)o.PublicLimitWindow.TotalMilliseconds;
        var window = now / windowMs;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = $"sg:pub:{family}:{Hash(address)}:{window}";
            var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(Count, [key], [windowMs + 1000]);
            return count <= limit ? null : TimeSpan.FromMilliseconds(((window + 1) * windowMs) - now);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            TrackingLog.NoAddressLimit(logger, e.GetType().Name);
            return null;
        }
    }

    private static string Hash(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Array.Clear(bytes, 8, 8); // the /64
        }

        return Convert.ToHexString(SHA256.HashData(bytes), 0, 12);
    }
}
