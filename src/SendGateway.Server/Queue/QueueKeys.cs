namespace SendGateway.Server.Queue;

/// <summary>Redis key names. Every key of a shard carries the hash tag <c>{sN}</c> so a shard's keys share one cluster slot.</summary>
internal static class QueueKeys
{
    public const string DeliveryGroup = "delivery";
    public const string IngestGroup = "ingest";

    public static string Stream(int shard) => $"sg:q:{{s{shard}}}";

    public static string Scheduled(int shard) => $"sg:sched:{{s{shard}}}";

    /// <summary>Message id → scheduled entry, for sends with a future <c>send_at</c> (so they can be cancelled).</summary>
    public static string ScheduledIndex(int shard) => $"sg:sidx:{{s{shard}}}";

    public static string Events(int shard) => $"sg:ev:{{s{shard}}}";

    public static string Body(int shard, string batchId) => $"sg:body:{{s{shard}}}:{batchId}";

    /// <summary>
    /// A message just accepted → the stream id of its first event (<c>injected</c>, or <c>dropped</c> at accept) on the
    /// shard's event stream, until the ingester has stored that event (<c>GET /v1/messages/{id}</c> answers from it in between).
    /// </summary>
    public static string Accepted(int shard, string messageId) => $"sg:acc:{{s{shard}}}:{messageId}";

    /// <summary>A keyed enqueue's marker in the shard's slot (<see cref="EnqueueMarker"/>); <paramref name="onceId"/> is a hash of the caller's key.</summary>
    public static string Once(int shard, string onceId) => $"sg:once:{{s{shard}}}:{onceId}";

    public static string Delivered(int shard, string messageId) => $"sg:done:{{s{shard}}}:{messageId}";

    /// <summary>IP pool name → its lane (1…<c>Queue:PoolLanes</c>); lane 0 is the default route's (<see cref="PoolLanes"/>).</summary>
    public const string PoolLanes = "sg:pool-lanes";

    /// <summary>Delivery nodes that serve a lane, scored by when their announcement runs out.</summary>
    public static string LaneWorkers(int lane) => $"sg:lane-workers:{lane}";

    /// <summary>Nodes that stand in for a lane no node of its pool serves (an operator rebound the pool to one of theirs).</summary>
    public static string LaneStandIns(int lane) => $"sg:lane-standins:{lane}";

    /// <summary>All shard numbers: <paramref name="shards"/> per lane, the default route's lane first, then one per pool lane.</summary>
    public static int AllShards(QueueOptions options) => options.Shards * (1 + options.PoolLanes);

    /// <summary>The shard of a recipient domain within a lane: lane × shards + the domain's shard.</summary>
    public static int ShardOf(string recipientDomain, int shards, int lane) => (lane * shards) + ShardOf(recipientDomain, shards);

    /// <summary>Stable FNV-1a of the lower-cased recipient domain, so one destination always meets one shard.</summary>
    public static int ShardOf(string recipientDomain, int shards)
    {
        var hash = 2166136261u;
        foreach (var c in recipientDomain)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
