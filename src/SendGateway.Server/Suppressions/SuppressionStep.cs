using Dapper;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Counts hard bounces per recipient and suppresses by the tenant's rules (hard bounces past its threshold, spam
/// bounces unless switched off, complaints, unsubscribes), mirroring new suppressions into Redis inside the batch's
/// transaction: if Redis fails the batch rolls back and is retried, so the mirror never misses a row.
/// </summary>
internal sealed class SuppressionStep(SuppressionCache cache) : IIngestStep
{
    public async Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.Events.Any(e => e.Type is EventTypes.HardBounce or EventTypes.SpamBounce or EventTypes.Feedback or EventTypes.Unsubscribe))
        {
            return; // most batches: nothing here can suppress, so no statement
        }

        // Events of a tenant deleted meanwhile are stored but add no suppression (the EXISTS: no foreign-key failure
        // that would leave the batch pending for ever).
        var suppressed = (await batch.Connection.QueryAsync<(string TenantId, string Email, DateTime? ExpiresAt)>(new CommandDefinition(
            """
            WITH bounced AS (
                INSERT INTO recipient_bounces (tenant_id, email, hard_bounces, last_bounce_at)
                SELECT tenant_id, email, count(*), max(occurred_at) FROM ev_new n
                WHERE type = 'hardbounce' AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = n.tenant_id)
                GROUP BY tenant_id, email
                ON CONFLICT (tenant_id, email) DO UPDATE SET
                    hard_bounces = recipient_bounces.hard_bounces + excluded.hard_bounces,
                    last_bounce_at = GREATEST(recipient_bounces.last_bounce_at, excluded.last_bounce_at)
                RETURNING tenant_id, email, hard_bounces),
            listed AS (
                SELECT b.tenant_id, b.email, 'hardbounce' AS reason, 1 AS priority FROM bounced b
                LEFT JOIN tenant_settings s ON s.tenant_id = b.tenant_id
                WHERE b.hard_bounces >= COALESCE(s.hard_bounces_before_suppression, 1)
                UNION ALL
                SELECT n.tenant_id, n.email, n.type, CASE n.type WHEN 'feedback' THEN 4 WHEN 'unsubscribe' THEN 3 ELSE 2 END FROM ev_new n
                LEFT JOIN tenant_settings s ON s.tenant_id = n.tenant_id
                WHERE (n.type IN ('feedback', 'unsubscribe') OR (n.type = 'spambounce' AND COALESCE(s.suppress_on_spambounce, true)))
                  AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = n.tenant_id))
            INSERT INTO suppressions (tenant_id, email, reason, source_message_id, expires_at)
            SELECT DISTINCT ON (l.tenant_id, l.email) l.tenant_id, l.email, l.reason,
                   (SELECT max(n.message_id) FROM ev_new n WHERE n.tenant_id = l.tenant_id AND n.email = l.email),
                   now() + make_interval(days => s.suppression_validity_days)
            FROM listed l LEFT JOIN tenant_settings s ON s.tenant_id = l.tenant_id
            ORDER BY l.tenant_id, l.email, l.priority DESC
            ON CONFLICT (tenant_id, email) DO UPDATE SET
                reason = excluded.reason, source_message_id = excluded.source_message_id, created_at = now(), expires_at = excluded.expires_at
                WHERE suppressions.expires_at IS NOT NULL
            RETURNING tenant_id, email, expires_at
            """, transaction: batch.Transaction, cancellationToken: cancellationToken))).AsList();

        foreach (var tenant in suppressed.GroupBy(r => r.TenantId))
        {
            await cache.SetAsync(tenant.Key, tenant.Select(r => (r.Email, Utc(r.ExpiresAt))), cancellationToken);
        }
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
