using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>Step "load": a batch's content from this process's cache, else from the queue (then cached for its other recipients).</summary>
internal sealed class ContentLoader(OutboundQueue queue, BatchContentCache cache)
{
    /// <summary>Null when the content is gone (expired or erased).</summary>
    public async Task<BatchContent?> LoadAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        if (cache.TryGet(entry.BatchId, entry.Shard, out var cached))
        {
            return cached;
        }

        var content = await queue.GetContentAsync(entry.Shard, entry.BatchId, cancellationToken);
        if (content is not null)
        {
            cache.Set(entry.BatchId, entry.Shard, content);
        }

        return content;
    }
}
