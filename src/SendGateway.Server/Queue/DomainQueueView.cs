namespace SendGateway.Server.Queue;

/// <summary>Queued messages for one destination domain (from the inspected entries): ready to send, waiting for a retry or send_at, oldest age.</summary>
/// <param name="ThrottledForSeconds">How long the destination still rests (traffic shaping back-off), or null.</param>
/// <param name="ThrottleReason">Why it rests, e.g. <c>421 from mx1.example.test</c>.</param>
/// <param name="Held">Messages waiting without an attempt, by why (<c>tenant_paused</c>, <c>operator</c>,
/// <c>shaping_suspended</c>, <c>warmup_limit</c>, <c>destination_throttled</c>, <c>source_rate</c>…: scheduled ones;
/// <c>no_source_available</c>: also ready ones on a pool's lane no live node serves); null when none.</param>
internal sealed record DomainQueueView(
    string Domain, long Queued, long Scheduled, double OldestAgeSeconds, double? ThrottledForSeconds = null, string? ThrottleReason = null,
    IReadOnlyDictionary<string, long>? Held = null);
