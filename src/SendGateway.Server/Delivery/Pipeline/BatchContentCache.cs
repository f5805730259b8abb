using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// Batch contents recently read from Redis, so a batch's recipients do not each fetch the body again. Bounded in
/// bytes (<see cref="DeliveryOptions.ContentCacheBytes"/>), not in entries: one body may be megabytes.
/// </summary>
internal sealed class BatchContentCache(IOptions<DeliveryOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.ContentCacheBytes });

    public bool TryGet(string batchId, int shard, out BatchContent? content) => _cache.TryGetValue((batchId, shard), out content);

    public void Set(string batchId, int shard, BatchContent content) =>
        _cache.Set((batchId, shard), content, new MemoryCacheEntryOptions { Size = EstimateBytes(content), SlidingExpiration = TimeSpan.FromMinutes(1) });

    internal static long EstimateBytes(BatchContent content) =>
        1024 + (2L * ((content.Subject?.Length ?? 0) + (content.Text?.Length ?? 0) + (content.Html?.Length ?? 0)))
        + (2L * content.Attachments?.Sum(a => (long)a.Content.Length) ?? 0) + (content.Mime?.Length ?? 0);

    public void Dispose() => _cache.Dispose();
}
