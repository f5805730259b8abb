using Dapper;
using Npgsql;

namespace SendGateway.Server.Tenants;

/// <summary>
/// The SQL of a tenant's pause, reputation warning and reputation lines (<c>tenants</c> columns, migration 0033). The
/// changes that come with a webhook event run in the caller's transaction, so the event is written once with the change:
/// each statement changes only a row not yet in that state, and says whether it did (two nodes crossing at once: one wins).
/// </summary>
internal sealed class TenantPauseStore(NpgsqlDataSource dataSource)
{
    /// <summary>Pauses a tenant not yet paused; true when this call paused it.</summary>
    public static async Task<bool> PauseAsync(NpgsqlTransaction transaction, string tenantId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE tenants SET paused_at = @now, paused_reason = @reason WHERE id = @tenantId AND paused_at IS NULL",
            new { tenantId, reason, now }, transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>Records a warning where none is in effect and the tenant is not paused; true when this call did.</summary>
    public static async Task<bool> WarnAsync(NpgsqlTransaction transaction, string tenantId, string warning, DateTimeOffset now, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "UPDATE tenants SET reputation_warning = @warning, reputation_warned_at = @now WHERE id = @tenantId AND reputation_warning IS NULL AND paused_at IS NULL",
            new { tenantId, warning, now }, transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>Resumes a paused tenant and clears its warning; true when it was paused.</summary>
    public async Task<bool> ResumeAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tenants SET paused_at = NULL, paused_reason = NULL, reputation_warning = NULL, reputation_warned_at = NULL WHERE id = @tenantId AND paused_at IS NOT NULL",
            new { tenantId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The rates are back under their warn lines: the next crossing warns again.</summary>
    public async Task ClearWarningAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE tenants SET reputation_warning = NULL, reputation_warned_at = NULL WHERE id = @tenantId AND reputation_warning IS NOT NULL",
            new { tenantId }, cancellationToken: cancellationToken));
    }

    /// <summary>Sets the tenant's own reputation lines (null: the option); the tenant after the change, or null when there is none.</summary>
    public async Task<Tenant?> SetLinesAsync(
        string tenantId, double? warnComplaintRate, double? pauseComplaintRate, double? warnHardBounceRate, double? pauseHardBounceRate, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Tenant>(new CommandDefinition(
            $"""
            UPDATE tenants SET warn_complaint_rate = @warnComplaintRate, pause_complaint_rate = @pauseComplaintRate,
                warn_hard_bounce_rate = @warnHardBounceRate, pause_hard_bounce_rate = @pauseHardBounceRate
            WHERE id = @tenantId RETURNING {TenantStore.Columns}
            """, new { tenantId, warnComplaintRate, pauseComplaintRate, warnHardBounceRate, pauseHardBounceRate }, cancellationToken: cancellationToken));
    }

    /// <summary>The ids of paused tenants, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<string>> PausedIdsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM tenants WHERE paused_at IS NOT NULL ORDER BY id LIMIT @limit", new { limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Paused tenants and tenants with a warning in effect, the paused first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Tenant>> FlaggedAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Tenant>(new CommandDefinition(
            $"SELECT {TenantStore.Columns} FROM tenants WHERE paused_at IS NOT NULL OR reputation_warning IS NOT NULL ORDER BY paused_at NULLS LAST, reputation_warned_at LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>Paused tenants and tenants with a warning in effect, for the console's banner.</summary>
    public async Task<(long Paused, long Warned)> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT count(*) FILTER (WHERE paused_at IS NOT NULL), count(*) FILTER (WHERE reputation_warning IS NOT NULL AND paused_at IS NULL) FROM tenants",
            cancellationToken: cancellationToken));
    }
}
