namespace SendGateway.Server.Queue;

/// <summary>
/// <c>GET /v1/queues</c> / <c>GET /v1/admin/queues</c>. Per-domain figures come from at most <c>Queue:InspectLimit</c>
/// entries per shard, and for a tenant from at most <c>Queue:TenantInspectLimit</c> of its own in all; <c>complete</c>
/// says whether that was all of them (false: at least these). Shards are shown to the operator only.
/// </summary>
internal sealed record QueueSnapshot(IReadOnlyList<ShardQueueView>? Shards, IReadOnlyList<DomainQueueView> Domains, bool Complete);
