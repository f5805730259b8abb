using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.Server.Events;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Messages;

/// <summary>Reads of <c>messages</c> (written by the event ingester). Every query is scoped by tenant id.</summary>
internal sealed class MessageStore(NpgsqlDataSource dataSource, TenantDataSource tenantData)
{
    private sealed class MessageRow
    {
        public string Id { get; set; } = string.Empty;
        public string BatchId { get; set; } = string.Empty;
        public string Recipient { get; set; } = string.Empty;
        public string FromAddress { get; set; } = string.Empty;
        public string[] Tags { get; set; } = [];
        public string Metadata { get; set; } = "{}";
        public string Status { get; set; } = string.Empty;
        public DateTime AcceptedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public string? Stream { get; set; }
        public string? Subject { get; set; }
    }

    public async Task<MessageView?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            """
            SELECT id, batch_id, recipient, from_address, tags, metadata::text AS metadata, status, accepted_at, updated_at, stream, subject
            FROM messages WHERE tenant_id = @tenantId AND id = @id
            """, new { tenantId, id }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var events = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"SELECT {EventStore.Columns} FROM events WHERE tenant_id = @tenantId AND message_id = @id ORDER BY sequence, occurred_at",
            new { tenantId, id }, cancellationToken: cancellationToken));
        return new MessageView(row.Id, row.BatchId, row.Recipient, row.FromAddress, row.Tags,
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Metadata) ?? [], row.Status,
            Utc(row.AcceptedAt), Utc(row.UpdatedAt), events.Select(e => e.ToView()).ToList()) { Stream = row.Stream ?? Streams.StreamKinds.DefaultStream, Subject = row.Subject };
    }

    /// <summary>
    /// A message by id alone, with its tenant: only for an asynchronous bounce, whose signed VERP address names the
    /// message but not the tenant. Every other read goes through <see cref="GetAsync"/>.
    /// </summary>
    public async Task<(string TenantId, MessageView Message)?> FindForBounceAsync(string id, CancellationToken cancellationToken)
    {
        string? tenantId;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            tenantId = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT tenant_id FROM messages WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        }

        return tenantId is not null && await GetAsync(tenantId, id, cancellationToken) is { } message ? (tenantId, message) : null;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>Ids of the recipient's messages (newest first, at most <paramref name="limit"/>), by address or keyed hash.</summary>
    public async Task<IReadOnlyList<string>> IdsForRecipientAsync(string tenantId, string email, string hash, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var ids = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM messages WHERE tenant_id = @tenantId AND (lower(recipient) = @email OR recipient_hash = @hash) ORDER BY accepted_at DESC LIMIT @limit",
            new { tenantId, email, hash, limit }, cancellationToken: cancellationToken));
        return ids.AsList();
    }

    /// <summary>Messages whose final status (rank ≥ ok) is older than the tenant's anonymisation delay, not yet anonymised.</summary>
    public async Task<IReadOnlyList<(string Id, string Recipient)>> DueForAnonymisationAsync(string tenantId, int afterMinutes, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            """
            SELECT id, recipient FROM messages
            WHERE tenant_id = @tenantId AND anonymized_at IS NULL AND status_rank >= 3
              AND accepted_at <= now() - make_interval(mins => @afterMinutes) -- the index (0020); implied by the next line
              AND updated_at <= now() - make_interval(mins => @afterMinutes)
            ORDER BY accepted_at LIMIT @limit
            """, new { tenantId, afterMinutes, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
