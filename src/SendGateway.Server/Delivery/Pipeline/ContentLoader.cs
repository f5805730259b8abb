using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>Step "load": a batch's content from this process's cache, else from the queue (then cached for its other recipients, if any).</summary>
internal sealed class ContentLoader(OutboundQueue queue, BatchContentCache cache)
{
    /// <summary>Null when the content is gone (expired or erased).</summary>
    public async Task<BatchContent?> LoadAsync(QueueEntry entry, CancellationToken cancellationToken)
    {
        if (cache.TryGet(entry.BatchId, entry.Shard, out var cached))
        {
            return cached;
        }

        // A body no other entry shares (a relayed message, a single-recipient send) is not kept: nobody else will read it,
        // and at 100 KB a minute of them in the cache is promoted through every GC generation for nothing.
        var (content, shares) = await queue.GetContentAndSharesAsync(entry.Shard, entry.BatchId, cancellationToken);
        if (content is not null && shares > 1)
        {
            cache.Set(entry.BatchId, entry.Shard, content);
        }

        return content;
    }
}
