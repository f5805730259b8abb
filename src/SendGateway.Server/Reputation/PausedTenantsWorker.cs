using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Reputation;

/// <summary>
/// The delivery role's reader of the paused tenants (shared state: <c>tenants.paused_at</c>), every
/// <see cref="ReputationOptions.PausedRefresh"/>, into <see cref="PausedTenants"/>. A tenant that left the list was
/// resumed: its held mail is released here too, which also frees what this node held from its older list after the
/// resume's own release.
/// </summary>
internal sealed class PausedTenantsWorker(
    PausedTenants paused, TenantPauseStore store, HeldEntries held, IOptions<ReputationOptions> options, TimeProvider time, ILogger<PausedTenantsWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (entered, left) = paused.Replace(await store.PausedIdsAsync(options.Value.MaxPausedTenants, stoppingToken));
                foreach (var tenantId in entered)
                {
                    ReputationLog.Holding(logger, tenantId);
                }

                foreach (var tenantId in left)
                {
                    var released = await held.ReleaseAsync(HoldReasons.TenantKey(tenantId), stoppingToken);
                    ReputationLog.Released(logger, tenantId, released);
                }
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                ReputationLog.PausedNotRead(logger, e.Message);
                paused.GiveUpWaiting();
            }

            await Task.Delay(options.Value.PausedRefresh, time, stoppingToken);
        }
    }
}
