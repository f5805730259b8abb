namespace SendGateway.Client;

/// <summary>A verified webhook request: its id (the batch id, the same on every attempt: use it to drop duplicates), when it was signed, and its events.</summary>
public sealed record VerifiedWebhook(string Id, DateTimeOffset Timestamp, IReadOnlyList<EventView> Events);
