using Dapper;
using SendGateway.Server.EventContract;
using SendGateway.Server.Events;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Counts hard bounces per recipient and suppresses by the tenant's rules (hard bounces past its threshold, spam
/// bounces unless switched off, complaints, unsubscribes: those for their stream's kind only), mirroring new suppressions into Redis inside the batch's
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
        var suppressed = (await batch.Connection.QueryAsync<(string TenantId, string Email, DateTime? ExpiresAt, string? Scope)>(new CommandDefinition(
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
                SELECT b.tenant_id, b.email, 'hardbounce' AS reason, 1 AS priority, NULL::text AS scope FROM bounced b
                LEFT JOIN tenant_settings s ON s.tenant_id = b.tenant_id
                WHERE b.hard_bounces >= COALESCE(s.hard_bounces_before_suppression, 1)
                UNION ALL
                SELECT n.tenant_id, n.email, n.type, CASE n.type WHEN 'feedback' THEN 4 WHEN 'unsubscribe' THEN 3 ELSE 2 END,
                       -- An unsubscribe suppresses for its stream's kind only where the tenant uses stream defaults; a
                       -- stream deleted since (or a message from before streams) leaves no kind: for everything.
                       CASE WHEN n.type = 'unsubscribe' AND COALESCE(s.stream_defaults, true) THEN
                           CASE WHEN n.stream IN ('transactional', 'broadcast') THEN n.stream
                                ELSE (SELECT ms.kind FROM message_streams ms WHERE ms.tenant_id = n.tenant_id AND ms.id = n.stream) END
                       END
                FROM ev_new n
                LEFT JOIN tenant_settings s ON s.tenant_id = n.tenant_id
                WHERE (n.type IN ('feedback', 'unsubscribe') OR (n.type = 'spambounce' AND COALESCE(s.suppress_on_spambounce, true)))
                  AND EXISTS (SELECT 1 FROM tenants t WHERE t.id = n.tenant_id)),
            merged AS (
                -- One row per address: the highest-priority reason, for every kind if any of its entries is (or both kinds are).
                SELECT l.*, CASE WHEN bool_or(l.scope IS NULL) OVER w OR min(l.scope) OVER w <> max(l.scope) OVER w THEN NULL ELSE l.scope END AS merged_scope
                FROM listed l WINDOW w AS (PARTITION BY l.tenant_id, l.email))
            INSERT INTO suppressions (tenant_id, email, reason, source_message_id, expires_at, scope)
            SELECT DISTINCT ON (l.tenant_id, l.email) l.tenant_id, l.email, l.reason,
                   (SELECT max(n.message_id) FROM ev_new n WHERE n.tenant_id = l.tenant_id AND n.email = l.email),
                   now() + make_interval(days => s.suppression_validity_days), l.merged_scope
            FROM merged l LEFT JOIN tenant_settings s ON s.tenant_id = l.tenant_id
            ORDER BY l.tenant_id, l.email, l.priority DESC
            -- An entry that expires is renewed; one for ever is kept, unless the new one widens its scope (a bounce, or
            -- an unsubscribe from the other kind, after an unsubscribe): then it is for every kind.
            ON CONFLICT (tenant_id, email) DO UPDATE SET
                reason = excluded.reason, source_message_id = excluded.source_message_id, created_at = now(),
                expires_at = CASE WHEN suppressions.expires_at IS NULL THEN NULL ELSE excluded.expires_at END,
                scope = CASE WHEN suppressions.scope IS NULL OR excluded.scope IS NULL OR excluded.scope <> suppressions.scope THEN NULL ELSE suppressions.scope END
                WHERE suppressions.expires_at IS NOT NULL
                   OR (suppressions.scope IS NOT NULL AND (excluded.scope IS NULL OR excluded.scope <> suppressions.scope))
            RETURNING tenant_id, email, expires_at, scope
            """, transaction: batch.Transaction, cancellationToken: cancellationToken))).AsList();

        foreach (var tenant in suppressed.GroupBy(r => r.TenantId))
        {
            await cache.SetAsync(tenant.Key, tenant.Select(r => (SuppressionKeys.Field(r.Email, r.Scope), Utc(r.ExpiresAt))), cancellationToken);
        }
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
