using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Messages;

/// <summary>
/// Adds to a message's view what holds it: while its tenant is paused, a message not yet final (injected or deferred)
/// is held with the reason <c>tenant_paused</c> (delivery attempts nothing of the tenant's), its status unchanged.
/// </summary>
internal sealed class MessageHolds(CachedTenants tenants)
{
    public async Task<MessageView?> ApplyAsync(string tenantId, MessageView? message, CancellationToken cancellationToken) =>
        message is { Status: EventTypes.Injected or EventTypes.SoftBounce } && await tenants.GetAsync(tenantId, cancellationToken) is { PausedAt: { } since }
            ? message with { Held = new MessageHold(HoldReasons.TenantPaused, since) }
            : message;
}
