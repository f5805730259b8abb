namespace SendGateway.Client;

/// <summary>The API's <c>QueueControl</c> object: an operator's hold, bounce or rebind of queued mail.</summary>
public sealed record QueueControl
{
    /// <summary>JSON <c>id</c>.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>action</c>: <c>hold</c>, <c>bounce</c> or <c>rebind</c>.</summary>
    public string? Action { get; init; }

    /// <summary>JSON <c>scope</c>: <c>tenant</c>, <c>domain</c>, <c>pool</c> or <c>source</c>.</summary>
    public string? Scope { get; init; }

    /// <summary>JSON <c>value</c>: the tenant id, recipient domain, pool name or source address.</summary>
    public string? Value { get; init; }

    /// <summary>JSON <c>to_pool</c>: for a rebind, the pool the mail is sent from instead.</summary>
    public string? ToPool { get; init; }

    /// <summary>JSON <c>note</c>.</summary>
    public string? Note { get; init; }

    /// <summary>JSON <c>created_at</c>.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>JSON <c>created_by</c>.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>JSON <c>lifted_at</c>: null while the control is in effect.</summary>
    public DateTimeOffset? LiftedAt { get; init; }

    /// <summary>JSON <c>lifted_by</c>.</summary>
    public string? LiftedBy { get; init; }

    /// <summary>JSON <c>active</c>: in effect (not lifted).</summary>
    public bool Active { get; init; }
}
