using SendGateway.Server.Audit;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;
using SendGateway.Server.Suppressions;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary>
/// Deletes a tenant from every store (reliability.md T108): it is suspended first, so no node accepts for it while its
/// queued mail, pending events, stored responses and keys leave Redis; then every PostgreSQL row goes in one transaction.
/// A delivery attempt already in flight at that moment may still record an event afterwards: deleting again removes it.
/// </summary>
internal sealed class TenantOffboarding(
    TenantStore tenants, TenantDeletionSteps steps, QueueEraser queue, SuppressionCache mirror, SendingQuota quota, KeyAddressStore keyAddresses,
    ApiKeyRevocations revocations, TenantInvalidations invalidations, TimeProvider time, ILogger<TenantOffboarding> logger)
{
    public async Task<TenantDeletion?> DeleteAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (await tenants.GetAsync(tenantId, cancellationToken) is not null)
        {
            await tenants.UpdateAsync(tenantId, suspended: true, hourlyQuota: null, dailyQuota: null, defaultIpPool: null, allowedIpPools: null, cancellationToken);
            await invalidations.ChangedAsync(tenantId, cancellationToken); // every node stops its keys and SMTP logins at once
        }

        var keys = await tenants.ApiKeyIdsAsync(tenantId, cancellationToken);
        var (queued, events, responses) = await queue.EraseTenantAsync(tenantId, cancellationToken);
        await mirror.DeleteAsync(tenantId, cancellationToken);
        await quota.DeleteCountersAsync(tenantId, cancellationToken);
        var redisKeys = await keyAddresses.DeleteAsync(keys, cancellationToken);
        if (await steps.DeleteAsync(tenantId, cancellationToken) is not { } rows)
        {
            return null;
        }

        foreach (var key in keys)
        {
            await revocations.RevokedAsync(key, cancellationToken); // every node drops its cached key row at once
        }

        PrivacyLog.TenantDeleted(logger, tenantId, rows.Values.Sum(), queued + events + responses + redisKeys);
        return new TenantDeletion(tenantId, time.GetUtcNow(), rows, queued, events, responses, redisKeys);
    }
}
