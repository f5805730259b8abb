using System.Text.Json.Serialization;

namespace SendGateway.Server.Queue;

/// <summary>
/// <c>GET /v1/queues</c> / <c>GET /v1/admin/queues</c>. Per-domain figures come from at most <c>Queue:InspectLimit</c>
/// entries per shard, and for a tenant from at most <c>Queue:TenantInspectLimit</c> of its own in all; <c>complete</c>
/// says whether that was all of them (false: at least these). Shards are shown to the operator only.
/// <see cref="Waiting"/> is the panel overview's split of the same entries (not part of the API's answer).
/// </summary>
internal sealed record QueueSnapshot(
    IReadOnlyList<ShardQueueView>? Shards, IReadOnlyList<DomainQueueView> Domains, bool Complete, [property: JsonIgnore] QueueWaiting? Waiting = null);
