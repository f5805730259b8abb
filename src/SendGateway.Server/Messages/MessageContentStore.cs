using Dapper;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Messages;

/// <summary>
/// <c>message_contents</c>, the one owner of that table: each copy as sent, sealed with the master key, for tenants
/// that keep content. A row goes with its message (foreign key), or at its expiry (the retention job), or when the
/// message is anonymised. Every query is scoped by tenant id.
/// </summary>
internal sealed class MessageContentStore(TenantDataSource tenantData, SecretBox secrets)
{
    private const string Purpose = "message-content";

    /// <summary>Within the ingester's transaction: keeps each copy for its tenant's days, if its message row is there.</summary>
    public async Task KeepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(string TenantId, string MessageId, byte[] Mime, int Days)> copies, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO message_contents (tenant_id, message_id, mime, expires_at)
            SELECT c.tenant_id, c.message_id, c.mime, now() + make_interval(days => c.days)
            FROM unnest(@tenants, @messages, @mimes, @days) AS c (tenant_id, message_id, mime, days)
            WHERE EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = c.tenant_id AND m.id = c.message_id)
            ON CONFLICT (tenant_id, message_id) DO UPDATE SET mime = excluded.mime, stored_at = now(), expires_at = excluded.expires_at
            """,
            new
            {
                tenants = copies.Select(c => c.TenantId).ToArray(), messages = copies.Select(c => c.MessageId).ToArray(),
                mimes = copies.Select(c => secrets.Seal(c.Mime, Purpose)).ToArray(), days = copies.Select(c => c.Days).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>The kept copies among <paramref name="messageIds"/> (for a recipient's export), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<KeptContent>> ListAsync(string tenantId, IReadOnlyList<string> messageIds, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<(string MessageId, byte[] Mime, DateTime StoredAt)>(new CommandDefinition(
            """
            SELECT message_id, mime, stored_at FROM message_contents
            WHERE tenant_id = @tenantId AND message_id = ANY (@ids) AND expires_at > now() ORDER BY stored_at DESC LIMIT @limit
            """, new { tenantId, ids = messageIds.ToArray(), limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new KeptContent(r.MessageId, DateTime.SpecifyKind(r.StoredAt, DateTimeKind.Utc),
            System.Text.Encoding.UTF8.GetString(secrets.Open(r.Mime, Purpose)))).ToList();
    }

    /// <summary>The copy as sent, or null when it was not kept (or is gone).</summary>
    public async Task<byte[]?> GetAsync(string tenantId, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var sealedMime = await connection.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT mime FROM message_contents WHERE tenant_id = @tenantId AND message_id = @messageId AND expires_at > now()",
            new { tenantId, messageId }, cancellationToken: cancellationToken));
        return sealedMime is null ? null : secrets.Open(sealedMime, Purpose);
    }
}
