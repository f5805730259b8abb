namespace SendGateway.Server.Queue;

/// <summary>
/// A Redis string the enqueue writes in its own script, so it exists if and only if the batch does (an idempotency
/// answer, a de-duplication record): a process killed after the queue write cannot leave the batch without it (reliability.md T82).
/// </summary>
internal sealed record HeldRecord(string Key, string Value, TimeSpan Ttl);
