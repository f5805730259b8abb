using System.Globalization;
using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Events;

/// <summary>
/// Retention of <c>events</c>: masks the addresses of anonymised messages' events, drops whole day partitions (created by
/// <see cref="EventStore"/> on first use; Events is their one owner) and deletes a tenant's events past its retention.
/// </summary>
internal sealed class EventRetentionStep : IRetentionStep
{
    public Task AnonymizeAsync(AnonymizationBatch batch, CancellationToken cancellationToken) =>
        batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE events e SET recipient = a.mask, recipient_hash = a.hash,
                   metadata = CASE WHEN @dropMetadata THEN '{}'::jsonb ELSE e.metadata END
            FROM unnest(@ids, @masks, @hashes) AS a (id, mask, hash)
            WHERE e.tenant_id = @tenantId AND e.message_id = a.id
            """, new { tenantId = batch.TenantId, ids = batch.Ids, masks = batch.Masks, hashes = batch.Hashes, dropMetadata = batch.DropMetadata },
            batch.Transaction, cancellationToken: cancellationToken));

    /// <summary>Drops the day partitions of <c>events</c> that end before the sweep's cutoff (the longest retention of any tenant).</summary>
    public async Task DropOlderThanAsync(RetentionSweep sweep, CancellationToken cancellationToken)
    {
        var partitions = await sweep.Connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'",
            transaction: sweep.Transaction, cancellationToken: cancellationToken));
        foreach (var name in partitions)
        {
            if (DateTime.TryParseExact(name.Replace("events_", string.Empty, StringComparison.Ordinal), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
                && day.AddDays(1) <= sweep.Cutoff)
            {
                await sweep.Connection.ExecuteAsync(new CommandDefinition($"DROP TABLE IF EXISTS {name}", transaction: sweep.Transaction, cancellationToken: cancellationToken));
                sweep.PartitionsDropped++;
            }
        }
    }

    public async Task DeleteOlderThanAsync(RetentionBatch batch, CancellationToken cancellationToken) =>
        batch.Events += await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM events WHERE tenant_id = @tenantId AND (id, occurred_at) IN (
                SELECT id, occurred_at FROM events WHERE tenant_id = @tenantId AND occurred_at < @cutoff LIMIT @limit)
            """, new { tenantId = batch.TenantId, cutoff = batch.Cutoff, limit = batch.Limit }, batch.Transaction, cancellationToken: cancellationToken));
}
