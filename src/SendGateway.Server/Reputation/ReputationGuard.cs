using System.Text.Json;
using Npgsql;
using SendGateway.Server.Queue;
using SendGateway.Server.Tenants;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Reputation;

/// <summary>
/// The guard's changes to a tenant, each with its webhook event in the same transaction (so it is sent once, however
/// many nodes decide at once) and taking effect on every node at once (<see cref="TenantInvalidations"/>): pause (the
/// guard's or an operator's), warn, and an operator's resume, which releases the held mail and starts the counts afresh.
/// </summary>
internal sealed class ReputationGuard(
    NpgsqlDataSource dataSource, TenantPauseStore pauses, TenantInvalidations invalidations, ReputationCounter counter, HeldEntries held,
    TimeProvider time, ILogger<ReputationGuard> logger)
{
    public const string ByGuard = "reputation_guard";
    public const string ByOperator = "operator";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Pauses the tenant; true when this call paused it (false: already paused, or no such tenant).</summary>
    public async Task<bool> PauseAsync(string tenantId, string reason, string by, ReputationRates? rates, CancellationToken cancellationToken)
    {
        var changed = await ChangeAsync(tenantId, WebhookEventTypes.TenantPaused, reason, by, rates,
            (transaction, now) => TenantPauseStore.PauseAsync(transaction, tenantId, by == ByOperator ? ByOperator : reason, now, cancellationToken), cancellationToken);
        if (changed)
        {
            ReputationMetrics.Crossings.Add(1, new KeyValuePair<string, object?>("level", by == ByOperator ? "operator_pause" : "pause"));
            if (by == ByOperator)
            {
                ReputationLog.PausedByOperator(logger, tenantId);
            }
            else
            {
                ReputationLog.Paused(logger, tenantId, reason);
            }
        }

        return changed;
    }

    /// <summary>Records a warning where none is in effect; true when this call did (its webhook event is then sent).</summary>
    public async Task<bool> WarnAsync(string tenantId, string reason, ReputationRates rates, CancellationToken cancellationToken)
    {
        var changed = await ChangeAsync(tenantId, WebhookEventTypes.TenantReputationWarning, reason, ByGuard, rates,
            (transaction, now) => TenantPauseStore.WarnAsync(transaction, tenantId, reason, now, cancellationToken), cancellationToken);
        if (changed)
        {
            ReputationMetrics.Crossings.Add(1, new KeyValuePair<string, object?>("level", "warn"));
            ReputationLog.Warned(logger, tenantId, reason);
        }

        return changed;
    }

    /// <summary>
    /// Resumes a paused tenant: its counts start afresh (the window that paused it does not pause it again), its held
    /// mail is made due at once. True when it was paused.
    /// </summary>
    public async Task<bool> ResumeAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!await pauses.ResumeAsync(tenantId, cancellationToken))
        {
            return false;
        }

        await counter.ResetAsync(tenantId, cancellationToken);
        await invalidations.ChangedAsync(tenantId, cancellationToken);
        // Each delivery node also releases the key when it sees the tenant leave its paused list (within a refresh),
        // so mail a node held meanwhile from its older list goes out too.
        var released = await held.ReleaseAsync(HoldReasons.TenantKey(tenantId), cancellationToken);
        ReputationLog.Resumed(logger, tenantId, released);
        return true;
    }

    private async Task<bool> ChangeAsync(
        string tenantId, string type, string reason, string by, ReputationRates? rates, Func<NpgsqlTransaction, DateTimeOffset, Task<bool>> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await change(transaction, now))
        {
            return false;
        }

        var payload = JsonSerializer.Serialize(new[] { new ReputationEvent(type, now, reason, by, rates) }, Json);
        await TenantEventBatches.AddAsync(connection, transaction, tenantId, type, payload, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await invalidations.ChangedAsync(tenantId, cancellationToken);
        return true;
    }
}
