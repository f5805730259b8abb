using SendGateway.Server.Panel;

namespace SendGateway.Server.Tenants.Panel;

/// <summary>The panel's notices of a paused or warned tenant (from the tenant cache) and the console's banner of paused tenants.</summary>
internal sealed class TenantStateNotices(CachedTenants tenants, TenantPauseStore pauses) : ITenantNotices
{
    public async Task<string?> ForTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        await tenants.GetAsync(tenantId, cancellationToken) switch
        {
            { PausedAt: { } since, PausedReason: var reason } =>
                $"Sending is paused since {since:yyyy-MM-dd HH:mm} UTC ({reason}): your mail is accepted and held, nothing is sent until the service's operator resumes the account.",
            { ReputationWarning: { } warning } =>
                $"Reputation warning: {warning}. If it reaches the pause line, sending is paused (mail accepted and held) until the service's operator resumes it.",
            _ => null,
        };

    public async Task<string?> ForOperatorsAsync(CancellationToken cancellationToken) =>
        await pauses.CountAsync(cancellationToken) switch
        {
            (0, 0) => null,
            (0, var warned) => $"{warned} tenant(s) with a reputation warning: see the Reputation page.",
            var (paused, warned) => $"{paused} tenant(s) paused: their mail is held until you resume them on the Reputation page ({warned} more with a reputation warning).",
        };
}
