namespace SendGateway.Server.QueueControls;

/// <summary>
/// One operator queue control (<c>/v1/admin/queue-controls</c>): what it does (<see cref="QueueControlNames"/>: hold,
/// bounce, rebind) to the queued mail of one tenant, recipient domain, IP pool or source address; in effect from
/// <paramref name="CreatedAt"/> until <paramref name="LiftedAt"/>.
/// </summary>
/// <param name="ToPool">For a rebind: the pool the matching mail is sent from instead.</param>
/// <param name="Note">The operator's reason, as given (optional).</param>
internal sealed record QueueControl(
    string Id, string Action, string Scope, string Value, string? ToPool, string? Note,
    DateTime CreatedAt, string CreatedBy, DateTime? LiftedAt, string? LiftedBy)
{
    public bool Active => LiftedAt is null;
}
