namespace SendGateway.Server.Hosting;

/// <summary>One shared bucket a request draws from: its Redis key and its rate.</summary>
/// <param name="RedisKey">The key, with a hash tag, so a request's buckets (key and tenant) are in one slot.</param>
internal readonly record struct SharedBucket(string RedisKey, int PerSecond, int Burst);
