using Dapper;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Erasure: deletes the people's bounce counters, and replaces their suppression rows by keyed-hash rows; an address
/// that was not suppressed becomes so (reason <c>manual</c>), so the person stays unmailable.
/// </summary>
internal sealed class SuppressionErasureStep : IErasureStep
{
    public async Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken)
    {
        var args = new { tenantId = batch.TenantId, emails = batch.Emails, hashes = batch.Hashes };
        batch.RecipientBounces += await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM recipient_bounces WHERE tenant_id = @tenantId AND email = ANY (@emails)", args, batch.Transaction, cancellationToken: cancellationToken));
        batch.SuppressionsHashed += await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (
                DELETE FROM suppressions WHERE tenant_id = @tenantId AND email = ANY (@emails) RETURNING email, reason, expires_at, scope)
            INSERT INTO suppressions (tenant_id, email, reason, expires_at, scope)
            SELECT @tenantId, p.hash, COALESCE(g.reason, 'manual'), g.expires_at, g.scope
            FROM unnest(@emails, @hashes) AS p (email, hash) LEFT JOIN gone g ON g.email = p.email
            ON CONFLICT (tenant_id, email) DO NOTHING
            """, args, batch.Transaction, cancellationToken: cancellationToken));
    }
}
