using System.ComponentModel.DataAnnotations;

namespace SendGateway.Server.Queue;

/// <summary><c>SendGateway:Queue</c>.</summary>
public sealed class QueueOptions : IpPools.IPoolPlacement
{
    /// <summary>Number of shards; shard = hash(recipient domain) mod Shards. Changing it strands queued work: drain first.</summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 16;

    /// <summary>
    /// Lanes for IP pools' mail, <see cref="Shards"/> shards each, beside the default route's: a pool's mail is queued on
    /// its pool's lane, which only delivery nodes holding the pool's addresses lease (<c>Delivery:LocalSources</c>). 0 =
    /// one lane for all (every node has every address: one host). Set it to at least the number of pools when delivery
    /// nodes have addresses of their own; a pool beyond it shares the default lane. Changing it strands queued work: drain first.
    /// </summary>
    [Range(0, 64)]
    public int PoolLanes { get; set; }

    bool IpPools.IPoolPlacement.PoolsPlacedOnNodes => PoolLanes > 0;

    /// <summary>Redis memory (used_memory) above which new work is refused (503 / 452 4.3.1).</summary>
    [Range(1L << 20, long.MaxValue)]
    public long HighWaterBytes { get; set; } = 1L << 30;

    /// <summary>How long a queued batch body may live in Redis at most (longer than any message lifetime).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan BodyTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long the record of a message just accepted (its <c>injected</c> event's place on the event stream) lives at
    /// most; the ingester deletes it once the event is stored, so this only bounds it while no ingester runs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan AcceptedRecordTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Entries read per shard (stream and schedule) for the per-domain queue views.</summary>
    [Range(100, 1_000_000)]
    public int InspectLimit { get; set; } = 10_000;

    /// <summary>
    /// Entries of the asking tenant decoded at most per call of <c>GET /v1/queues</c> and the panel's overview, over all
    /// shards; past it the answer says <c>complete: false</c> (at least these). Other tenants' entries are skipped
    /// inside Redis and never sent or decoded.
    /// </summary>
    [Range(1, 100_000)]
    public int TenantInspectLimit { get; set; } = 2_000;

    /// <summary>
    /// Dead letters per shard (undecodable or poison entries) above which operators are alerted (a
    /// warning, <c>sendgateway.dead_letters.over_cap</c>, the <c>dead_letters</c> health check degraded); none is trimmed.
    /// </summary>
    [Range(100, 10_000_000)]
    public int DeadLetterMaxLength { get; set; } = 10_000;

    /// <summary>
    /// How long a dead letter is kept (by the service's clock) before the retention job deletes it: it holds the
    /// recipient's address, and its batch body lives <see cref="BodyTtl"/> at most, so an older one could not be
    /// replayed anyway. Keep it no longer than the shortest <c>retention_days</c> your tenants use.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Attempt outcomes of one shard recorded in one Redis call at most: those that arrive while the shard's previous
    /// call is in flight go together in the next (no wait is added; 1 = a call per outcome).
    /// </summary>
    [Range(1, 1000)]
    public int MaxCompletionBatch { get; set; } = 100;

    /// <summary>
    /// Remote acceptances (250s) a node remembers until their outcome is recorded, so an entry taken back after a Redis
    /// outage is not sent twice (<see cref="DeliveredJournal"/>); past it the oldest beyond <see cref="NodeJournalTime"/> go.
    /// </summary>
    [Range(1000, 10_000_000)]
    public int MaxNodeJournalEntries { get; set; } = 100_000;

    /// <summary>How long a node's remembered acceptance is kept at least once the journal is full.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan NodeJournalTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a worker waits at most for Redis to confirm a remote acceptance's journal entry (<see cref="DeliveredJournal"/>)
    /// before it records the outcome all the same. Redis down or slower than this: the node's copy stands in, and a worker
    /// that takes the entry over from this one, should it die before recording, sends it again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan DeliveredJournalWriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Replicas that must confirm an accepted message's queue write (Redis <c>WAIT</c>, on each primary written) before the
    /// service answers 202 / 250; 0 = none (the primary's own write, fsynced, is the answer). Not confirmed within
    /// <see cref="ReplicaAckTimeout"/>: a temporary failure (503 with Retry-After, 451 4.3.0) and the entry stays queued.
    /// </summary>
    [Range(0, 16)]
    public int MinReplicasToAck { get; set; }

    /// <summary>How long the accept path waits for <see cref="MinReplicasToAck"/> replicas.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan ReplicaAckTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Redis connections of their own for the enqueues that WAIT (WAIT blocks its connection), used in turn.</summary>
    [Range(1, 64)]
    public int ReplicaAckConnections { get; set; } = 4;
}
