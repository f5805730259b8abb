using StackExchange.Redis;

namespace SendGateway.Server.Audit;

/// <summary>The owner of <c>sg:keyip:{key id}</c>: the addresses each API key has been used from (for <c>api_key.new_ip</c>).</summary>
internal sealed class KeyAddressStore(IConnectionMultiplexer redis)
{
    private static string Key(string keyId) => $"sg:keyip:{keyId}";

    /// <summary>Records the address; true when the key had not been used from it before.</summary>
    public async Task<bool> AddAsync(string keyId, string ip, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().SetAddAsync(Key(keyId), ip);
    }

    /// <summary>Forgets the keys' addresses (their tenant's deletion); how many sets were removed.</summary>
    public async Task<long> DeleteAsync(IEnumerable<string> keyIds, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        long deleted = 0;
        foreach (var keyId in keyIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted += await db.KeyDeleteAsync(Key(keyId)) ? 1 : 0;
        }

        return deleted;
    }
}
