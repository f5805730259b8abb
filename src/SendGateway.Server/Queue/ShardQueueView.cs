namespace SendGateway.Server.Queue;

/// <summary>One shard of the queue (operator view): entries waiting or in flight, in flight, scheduled, and the oldest waiting entry's age.</summary>
internal sealed record ShardQueueView(int Shard, long Queued, long InFlight, long Scheduled, double? OldestAgeSeconds);
