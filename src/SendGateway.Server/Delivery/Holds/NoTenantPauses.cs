namespace SendGateway.Server.Delivery.Holds;

/// <summary>No tenant is ever paused.</summary>
internal sealed class NoTenantPauses : ITenantPauses
{
    public ValueTask<bool> IsPausedAsync(string tenantId, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
