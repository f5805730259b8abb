namespace SendGateway.Server.Queue;

/// <summary>
/// An entry moved out of a queue or event stream because it could not be decoded (or made the worker throw): where it
/// came from, why, when, and its original fields (values cut at 4,096 characters for the listing).
/// </summary>
internal sealed record DeadLetter(int Shard, string Id, string Source, string StreamId, string Reason, DateTimeOffset At, IReadOnlyDictionary<string, string> Fields);
