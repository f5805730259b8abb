namespace SendGateway.Server.Queue;

/// <summary>Queued messages for one destination domain (from the inspected entries): ready to send, waiting for a retry or send_at, oldest age.</summary>
public sealed record DomainQueueView(string Domain, long Queued, long Scheduled, double OldestAgeSeconds);
