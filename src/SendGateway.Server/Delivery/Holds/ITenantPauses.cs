namespace SendGateway.Server.Delivery.Holds;

/// <summary>
/// Whether a tenant is paused (the reputation guard, or an operator): its mail is accepted and held, not attempted.
/// Asked on every attempt, so an implementation answers from memory (shared state read at most every second or so).
/// </summary>
internal interface ITenantPauses
{
    ValueTask<bool> IsPausedAsync(string tenantId, CancellationToken cancellationToken);
}
