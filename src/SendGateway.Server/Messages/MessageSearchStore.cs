using System.Text;
using Dapper;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Messages;

/// <summary>
/// Searches a tenant's <c>messages</c> newest first, on the connection scoped to the tenant (row-level security). The
/// plain list walks <c>messages_tenant_accepted</c> (0035) backwards; a recipient search reads
/// <c>messages_tenant_recipient</c> and <c>messages_tenant_recipient_hash</c>, a subject search <c>messages_subject_words</c>
/// (0036). Tag, stream and status narrow the walk by time without an index of their own.
/// </summary>
internal sealed class MessageSearchStore(TenantDataSource tenantData)
{
    private sealed class Row
    {
        public string Id { get; set; } = string.Empty;
        public string Recipient { get; set; } = string.Empty;
        public string? Subject { get; set; }
        public string? Stream { get; set; }
        public string[] Tags { get; set; } = [];
        public string Status { get; set; } = string.Empty;
        public DateTime AcceptedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public int Opens { get; set; }
        public int Clicks { get; set; }
    }

    /// <summary>At most <see cref="MessageSearch.Limit"/> messages; the caller asks one more than a page to know whether another follows.</summary>
    public async Task<IReadOnlyList<MessageSummary>> SearchAsync(string tenantId, MessageSearch search, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            """
            SELECT id, recipient, subject, stream, tags, status, accepted_at, updated_at, opens, clicks
            FROM messages WHERE tenant_id = @tenantId
            """);
        var words = SubjectWords.ToQuery(search.Subject);
        if (search.Recipient is not null)
        {
            sql.Append(search.RecipientHash is null ? " AND lower(recipient) = lower(@recipient)" : " AND (lower(recipient) = lower(@recipient) OR recipient_hash = @hash)");
        }

        sql.Append(search.MessageId is null ? string.Empty : " AND id = @messageId")
            .Append(words is null ? string.Empty : " AND subject IS NOT NULL AND to_tsvector('simple', subject) @@ to_tsquery('simple', @words)")
            .Append(search.Tag is null ? string.Empty : " AND tags @> ARRAY[@tag]")
            .Append(search.Stream is null ? string.Empty
                : search.Stream == Streams.StreamKinds.DefaultStream ? " AND (stream = @stream OR stream IS NULL)" : " AND stream = @stream")
            .Append(search.Status is null ? string.Empty : " AND status = @status")
            .Append(search.Since is null ? string.Empty : " AND accepted_at >= @since")
            .Append(search.Until is null ? string.Empty : " AND accepted_at < @until")
            .Append(search.After is null ? string.Empty : " AND accepted_at <= @afterAt AND (accepted_at < @afterAt OR id < @afterId)")
            .Append(" ORDER BY accepted_at DESC, id DESC LIMIT @limit");
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql.ToString(), new
        {
            tenantId, recipient = search.Recipient, hash = search.RecipientHash, messageId = search.MessageId, words, tag = search.Tag,
            stream = search.Stream, status = search.Status, since = search.Since?.UtcDateTime, until = search.Until?.UtcDateTime,
            afterAt = search.After?.At, afterId = search.After?.Id, limit = search.Limit,
        }, cancellationToken: cancellationToken));
        return rows.Select(r => new MessageSummary(
            r.Id, r.Recipient, r.Subject, r.Stream ?? Streams.StreamKinds.DefaultStream, r.Tags, r.Status, Utc(r.AcceptedAt), Utc(r.UpdatedAt), r.Opens, r.Clicks)).ToList();
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
