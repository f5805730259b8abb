using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Panel;

/// <summary>
/// Failed sign-in attempts (password or code) counted in Redis, so every api node sees them: per (account, client
/// address) pair and per address, a wait that grows with each failure past the free ones (<see cref="PanelOptions.FailureDelay"/>
/// × 2^k up to <see cref="PanelOptions.MaxFailureDelay"/>) held by a key that expires when the wait is over; per account
/// only a small slow-down (<see cref="PanelOptions.AccountSlowdown"/>), never a refusal, so failures from elsewhere do not
/// lock the owner out. The same counting whether the account exists or not. Keys hold hashes, never the email or address.
/// </summary>
internal sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<PanelOptions> options)
{
    /// <summary>How long this client address must still wait before trying this account again; zero when it may try now.</summary>
    public async Task<TimeSpan> WaitAsync(string email, string? address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var pair = await db.KeyTimeToLiveAsync(WaitKey(PairKey(email, address)));
        var client = await db.KeyTimeToLiveAsync(WaitKey(AddressKey(address)));
        var longest = new[] { pair ?? TimeSpan.Zero, client ?? TimeSpan.Zero }.Max();
        return longest > TimeSpan.Zero ? longest : TimeSpan.Zero;
    }

    public async Task<bool> IsPausedAsync(string email, string? address, CancellationToken cancellationToken) =>
        await WaitAsync(email, address, cancellationToken) > TimeSpan.Zero;

    /// <summary>Past <see cref="PanelOptions.MaxFailuresPerAccount"/> recent failures from anywhere, every attempt on the account is answered this much later.</summary>
    public async Task SlowDownAsync(string email, CancellationToken cancellationToken)
    {
        var failures = (long?)await redis.GetDatabase().StringGetAsync(AccountKey(email));
        if (failures >= options.Value.MaxFailuresPerAccount && options.Value.AccountSlowdown > TimeSpan.Zero)
        {
            await Task.Delay(options.Value.AccountSlowdown, cancellationToken); // real time: the answer itself is late
        }
    }

    public async Task FailedAsync(string email, string? address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var o = options.Value;
        var db = redis.GetDatabase();
        await CountAsync(db, AccountKey(email), o.FailureWindow);
        var pairKey = PairKey(email, address);
        await WaitAsync(db, pairKey, Delay(await CountAsync(db, pairKey, o.FailureWindow), o.FreeFailures, o));
        var addressKey = AddressKey(address);
        await WaitAsync(db, addressKey, Delay(await CountAsync(db, addressKey, o.FailureWindow), o.MaxFailuresPerAddress, o));
    }

    /// <summary>A successful sign-in clears the account's and this pair's counts (not the address's: one good account must not reset a spray).</summary>
    public async Task SucceededAsync(string email, string? address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pair = PairKey(email, address);
        var db = redis.GetDatabase();
        // One DEL per key: the keys hash to different slots, and a multi-key DEL fails on a Redis Cluster.
        await Task.WhenAll(db.KeyDeleteAsync(AccountKey(email)), db.KeyDeleteAsync(pair), db.KeyDeleteAsync(WaitKey(pair)));
    }

    /// <summary>The wait after the <paramref name="failures"/>th failure: none while free, then the first delay doubled per further failure, capped.</summary>
    public static TimeSpan Delay(long failures, int free, PanelOptions options)
    {
        if (failures <= free)
        {
            return TimeSpan.Zero;
        }

        var doublings = (int)Math.Min(failures - free - 1, 30);
        var ticks = Math.Min((double)options.FailureDelay.Ticks * Math.Pow(2, doublings), options.MaxFailureDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>One more failure on the key; the count is forgotten a window after the last one.</summary>
    private static async Task<long> CountAsync(IDatabase db, string key, TimeSpan window)
    {
        var count = await db.StringIncrementAsync(key);
        await db.KeyExpireAsync(key, window);
        return count;
    }

    private static async Task WaitAsync(IDatabase db, string key, TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await db.StringSetAsync(WaitKey(key), 1, wait);
        }
    }

    private static string AccountKey(string email) => $"sg:signin:a:{Hash(Normalize(email))}";

    private static string PairKey(string email, string? address) => $"sg:signin:p:{Hash(Normalize(email) + "\n" + (address ?? "unknown"))}";

    private static string AddressKey(string? address) => $"sg:signin:ip:{Hash(address ?? "unknown")}";

    private static string WaitKey(string key) => key + ":wait";

    private static string Normalize(string email) => email.Trim().ToLowerInvariant();

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 16);
}
