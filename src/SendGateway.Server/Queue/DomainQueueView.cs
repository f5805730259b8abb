namespace SendGateway.Server.Queue;

/// <summary>Queued messages for one destination domain (from the inspected entries): ready to send, waiting for a retry or send_at, oldest age.</summary>
/// <param name="ThrottledForSeconds">How long the destination still rests (traffic shaping back-off), or null.</param>
/// <param name="ThrottleReason">Why it rests, e.g. <c>421 from mx1.example.test</c>.</param>
internal sealed record DomainQueueView(string Domain, long Queued, long Scheduled, double OldestAgeSeconds, double? ThrottledForSeconds = null, string? ThrottleReason = null);
