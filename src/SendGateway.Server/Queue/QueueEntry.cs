namespace SendGateway.Server.Queue;

/// <summary>
/// One envelope recipient waiting for delivery: only its own small data. The batch's shared content lives once
/// in the shard's body key. <c>Vars</c> are those of the <c>to</c> entry the copy is rendered for.
/// </summary>
public sealed record QueueEntry
{
    public required string Id { get; init; }

    public required string BatchId { get; init; }

    public required string TenantId { get; init; }

    public required string Recipient { get; init; }

    public required string ToEmail { get; init; }

    public string? ToName { get; init; }

    /// <summary>The recipient's template values as given (JSON: strings, numbers, booleans, arrays, objects).</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? Vars { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public required int Shard { get; init; }

    public int Attempt { get; init; }

    /// <summary>
    /// Attempts that ended in a throw the worker does not understand (a bug, poison content), counted across retries; at
    /// <c>Delivery:MaxUnexpectedFailures</c> the entry goes to the dead letters. Not written while 0, so entries queued
    /// before it existed decode as 0.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int UnexpectedFailures { get; init; }

    /// <summary>Sequence number of the message's latest event.</summary>
    public int Sequence { get; init; } = 1;

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>
    /// The message's own lifetime from <see cref="AcceptedAt"/> (REST <c>max_delivery_seconds</c>, relay
    /// <c>X-SG-Max-Delivery-Seconds</c>); null for the queue's (<c>Delivery:MaxQueueLifetime</c>), which also caps it.
    /// </summary>
    public TimeSpan? Lifetime { get; init; }

    public string? TraceParent { get; init; }

    /// <summary>
    /// The reason of the latest softbounce, when it gave one (a TLS policy's: <c>require_tls</c>, <c>mta_sts</c>,
    /// <c>dane</c>): the bounce at the lifetime's end names it instead of a bare expiry. Written with the retry.
    /// </summary>
    public string? LastFailureReason { get; init; }

    /// <summary>
    /// Why the entry waits on the schedule without an attempt (a hold: <see cref="HoldReasons"/>; or a deferral such as a
    /// spent per-minute budget), for the queue views; null once an attempt is made. Not written while null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? HeldReason { get; init; }

    /// <summary>
    /// What holds the entry (<c>tenant:&lt;id&gt;</c>, <c>control:&lt;id&gt;</c>, <c>provider:&lt;name&gt;</c>): releasing that
    /// key (<see cref="HeldEntries.ReleaseAsync"/>) makes every entry it holds due at once. Not written while null.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? HoldKey { get; init; }
}
