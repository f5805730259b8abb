namespace SendGateway.Server.Streams;

/// <summary>
/// A tenant's message stream (<c>/v1/streams</c>). Null settings take the defaults: <see cref="Unsubscribe"/> by kind
/// (or the tenant's <c>unsubscribe</c> setting while it keeps the pre-stream behaviour), tracking from the tenant's
/// settings, the pool from the tenant's default pool.
/// </summary>
internal sealed record MessageStream
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary><c>transactional</c> or <c>broadcast</c>: which unsubscribe default and suppression scope the stream has.</summary>
    public string Kind { get; init; } = StreamKinds.Transactional;

    /// <summary>Whether it is one of the two streams every tenant has (they may be changed, not deleted).</summary>
    public bool BuiltIn { get; init; }

    /// <summary><c>header</c>, <c>header_and_footer</c> or <c>off</c>; null = the default.</summary>
    public string? Unsubscribe { get; init; }

    public bool? TrackOpens { get; init; }

    public bool? TrackClicks { get; init; }

    /// <summary>The pool its mail leaves from unless a message names one; null = the tenant's default pool.</summary>
    public string? IpPool { get; init; }

    public DateTime? CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; init; }

    /// <summary>A built-in stream the tenant has not changed.</summary>
    public static MessageStream Default(string id) => new() { Id = id, Name = id == StreamKinds.Broadcast ? "Broadcast" : "Transactional", Kind = id, BuiltIn = true };
}
