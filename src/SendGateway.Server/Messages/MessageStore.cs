using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.Server.Events;

namespace SendGateway.Server.Messages;

/// <summary>Reads of <c>messages</c> (written by the event ingester). Every query is scoped by tenant id.</summary>
public sealed class MessageStore(NpgsqlDataSource dataSource)
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
    }

    public async Task<MessageView?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<MessageRow>(new CommandDefinition(
            """
            SELECT id, batch_id, recipient, from_address, tags, metadata::text AS metadata, status, accepted_at, updated_at
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
            Utc(row.AcceptedAt), Utc(row.UpdatedAt), events.Select(e => e.ToView()).ToList());
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
}
