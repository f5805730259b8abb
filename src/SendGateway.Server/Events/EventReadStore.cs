using Dapper;
using Npgsql;

namespace SendGateway.Server.Events;

/// <summary>Tenant-scoped reads of <c>events</c>: the event list and the stats.</summary>
public sealed class EventReadStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<EventRow>> ListAsync(string tenantId, EventFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT {EventStore.Columns} FROM events
            WHERE tenant_id = @tenantId
              AND (@type::text IS NULL OR type = @type)
              AND (@recipient::text IS NULL OR recipient = @recipient OR recipient_hash = @recipientHash)
              AND (@messageId::text IS NULL OR message_id = @messageId)
              AND (@tag::text IS NULL OR @tag = ANY (tags))
              AND (@since::timestamptz IS NULL OR occurred_at >= @since)
              AND (@until::timestamptz IS NULL OR occurred_at < @until)
              AND (@afterAt::timestamptz IS NULL OR (occurred_at, id) > (@afterAt, @afterId))
            ORDER BY occurred_at, id
            LIMIT @limit
            """,
            new
            {
                tenantId, type = filter.Type, recipient = filter.Recipient, recipientHash = filter.RecipientHash, messageId = filter.MessageId, tag = filter.Tag,
                since = filter.Since?.UtcDateTime, until = filter.Until?.UtcDateTime,
                afterAt = filter.After?.At, afterId = filter.After?.Id, limit = filter.Limit,
            }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<StatsBucket>> StatsAsync(string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, CancellationToken cancellationToken)
    {
        var (keyExpression, from) = groupBy switch
        {
            "day" => ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "events"),
            "tag" => ("tag", "events CROSS JOIN LATERAL unnest(tags) AS tag"),
            "domain" => ("recipient_domain", "events"),
            _ => ("NULL::text", "events"),
        };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string? Key, string Type, long Count)>(new CommandDefinition(
            $"""
            SELECT {keyExpression} AS key, type, count(*) AS count FROM {from}
            WHERE tenant_id = @tenantId AND occurred_at >= @since AND occurred_at < @until
            GROUP BY 1, 2 ORDER BY 1
            """, new { tenantId, since = since.UtcDateTime, until = until.UtcDateTime }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Key)
            .Select(g => new StatsBucket(g.Key, EventTypes.All.ToDictionary(t => t, t => g.Where(r => r.Type == t).Sum(r => r.Count))))
            .ToList();
    }
}
