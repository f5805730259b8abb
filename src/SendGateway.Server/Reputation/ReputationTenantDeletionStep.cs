using SendGateway.Server.PrivacyContract;
using StackExchange.Redis;

namespace SendGateway.Server.Reputation;

/// <summary>
/// A tenant's deletion: its reputation counts leave Redis (the hash and its place among the active tenants). No
/// PostgreSQL rows of its own: the pause and the lines are columns of <c>tenants</c>, which the Tenants step deletes.
/// </summary>
internal sealed class ReputationTenantDeletionStep(IConnectionMultiplexer redis) : ITenantDeletionStep
{
    public async Task DeleteTenantAsync(TenantDeletionBatch batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync(ReputationKeys.Counts(batch.TenantId));
        await db.SortedSetRemoveAsync(ReputationKeys.Active, batch.TenantId);
    }
}
