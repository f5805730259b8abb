using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Panel;

/// <summary>
/// Failed sign-in attempts (password or code) counted in Redis per account and per client address over
/// <see cref="PanelOptions.FailureWindow"/>, so every api node sees them. Past a limit sign-in pauses for that account
/// or address with the same answer whether the address exists or not. Keys hold hashes, never the address.
/// </summary>
public sealed class SignInThrottle(IConnectionMultiplexer redis, IOptions<PanelOptions> options)
{
    public async Task<bool> IsPausedAsync(string email, string? address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var account = await db.StringGetAsync(AccountKey(email));
        var client = address is null ? RedisValue.Null : await db.StringGetAsync(AddressKey(address));
        return (long?)account >= options.Value.MaxFailuresPerAccount || (long?)client >= options.Value.MaxFailuresPerAddress;
    }

    public async Task FailedAsync(string email, string? address, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        foreach (var key in address is null ? [AccountKey(email)] : new[] { AccountKey(email), AddressKey(address) })
        {
            if (await db.StringIncrementAsync(key) == 1)
            {
                await db.KeyExpireAsync(key, options.Value.FailureWindow);
            }
        }
    }

    /// <summary>A successful sign-in clears the account's count (not the address's: one good account must not reset a spray).</summary>
    public async Task SucceededAsync(string email, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().KeyDeleteAsync(AccountKey(email));
    }

    private static string AccountKey(string email) => $"sg:signin:a:{Hash(email.Trim().ToLowerInvariant())}";

    private static string AddressKey(string address) => $"sg:signin:ip:{Hash(address)}";

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 16);
}
