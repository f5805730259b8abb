namespace SendGateway.Server.Queue;

/// <summary>The entry id a replayed dead letter got on its stream.</summary>
internal sealed record DeadLetterReplayed(string ReplayedAs);
