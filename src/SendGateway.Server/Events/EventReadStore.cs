using Dapper;
using SendGateway.Server.EventContract;
using SendGateway.Server.Storage;
using SendGateway.Server.Streams;

namespace SendGateway.Server.Events;

/// <summary>Tenant-scoped reads of <c>events</c>: the event list and the stats.</summary>
internal sealed class EventReadStore(TenantDataSource tenantData)
{
    public async Task<IReadOnlyList<EventRow>> ListAsync(string tenantId, EventFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        // Only the filters given go into the statement (constant fragments, values as parameters), so each combination
        // gets its own plan that can use the matching index; a generic "@x IS NULL OR …" plan cannot.
        var sql = new System.Text.StringBuilder($"SELECT {EventStore.Columns} FROM events WHERE tenant_id = @tenantId");
        // The type is one of EventTypes.All (checked by the API) and goes in as a literal, so the partial type index applies.
        var type = filter.Type is null ? null : EventTypes.All.Single(t => t == filter.Type);
        sql.Append(type is null ? string.Empty : $" AND type = '{type}'")
            .Append(filter.Recipient is null ? string.Empty : filter.RecipientHash is null ? " AND recipient = @recipient" : " AND (recipient = @recipient OR recipient_hash = @recipientHash)")
            .Append(filter.MessageId is null ? string.Empty : " AND message_id = @messageId")
            .Append(filter.Tag is null ? string.Empty : " AND @tag = ANY (tags)")
            .Append(filter.MetadataKey is null ? string.Empty : " AND metadata ->> @metadataKey = @metadataValue")
            .Append(StreamCondition(filter.Stream))
            .Append(filter.Since is null ? string.Empty : " AND occurred_at >= @since")
            .Append(filter.Until is null ? string.Empty : " AND occurred_at < @until")
            .Append(filter.After is null ? string.Empty : filter.NewestFirst ? " AND (occurred_at, id) < (@afterAt, @afterId)" : " AND (occurred_at, id) > (@afterAt, @afterId)")
            .Append(filter.NewestFirst ? " ORDER BY occurred_at DESC, id DESC LIMIT @limit" : " ORDER BY occurred_at, id LIMIT @limit");
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(
            sql.ToString(),
            new
            {
                tenantId, recipient = filter.Recipient, recipientHash = filter.RecipientHash, messageId = filter.MessageId, tag = filter.Tag,
                metadataKey = filter.MetadataKey, metadataValue = filter.MetadataValue, stream = filter.Stream,
                since = filter.Since?.UtcDateTime, until = filter.Until?.UtcDateTime,
                afterAt = filter.After?.At, afterId = filter.After?.Id, limit = filter.Limit,
            }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// Per event type, and for engagement: <c>unique_opens</c>/<c>unique_clicks</c> (messages opened or clicked at
    /// least once in the bucket) and <c>machine_opens</c>/<c>machine_clicks</c> (those a proxy, scanner or prefetch made).
    /// </summary>
    private static Dictionary<string, long> Counts(IReadOnlyList<(string? Key, string Type, long Count, long Unique, long Machine)> rows)
    {
        var counts = EventTypes.All.ToDictionary(t => t, t => rows.Where(r => r.Type == t).Sum(r => r.Count));
        foreach (var (type, name) in new[] { (EventTypes.Open, "opens"), (EventTypes.Click, "clicks") })
        {
            counts[$"unique_{name}"] = rows.Where(r => r.Type == type).Sum(r => r.Unique);
            counts[$"machine_{name}"] = rows.Where(r => r.Type == type).Sum(r => r.Machine);
        }

        return counts;
    }

    /// <summary>The condition of a stream filter (<c>@stream</c>): events from before streams belong to <c>transactional</c>.</summary>
    private static string StreamCondition(string? stream) =>
        stream is null ? string.Empty : stream == StreamKinds.DefaultStream ? " AND (stream = @stream OR stream IS NULL)" : " AND stream = @stream";

    public Task<IReadOnlyList<StatsBucket>> StatsAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, CancellationToken cancellationToken, string? stream = null) =>
        StatsAsync(tenantId, since, until, groupBy, StreamCondition(stream), stream, cancellationToken);

    /// <summary>
    /// The stats of the engagement events only (<c>open</c>, <c>click</c>, <c>unsubscribe</c>, <c>feedback</c>): the
    /// overview counts messages by their state in <c>messages</c> and asks the events only for these, which the partial
    /// index <c>events_tenant_rare_type</c> (migration 0009) holds, so the range's injected and ok events are never read.
    /// A <paramref name="stream"/> filters the rows that index finds (events from before streams are the default stream's).
    /// </summary>
    public Task<IReadOnlyList<StatsBucket>> EngagementStatsAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, string? stream, CancellationToken cancellationToken) =>
        StatsAsync(
            tenantId, since, until, groupBy,
            $" AND type IN ('{EventTypes.Open}', '{EventTypes.Click}', '{EventTypes.Unsubscribe}', '{EventTypes.Feedback}'){StreamCondition(stream)}", stream, cancellationToken);

    private async Task<IReadOnlyList<StatsBucket>> StatsAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, string conditions, string? stream, CancellationToken cancellationToken)
    {
        var (keyExpression, from) = groupBy switch
        {
            "day" => ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "events"),
            "hour" => ("to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:00')", "events"),
            "tag" => ("tag", "events CROSS JOIN LATERAL unnest(tags) AS tag"),
            "domain" => ("recipient_domain", "events"),
            "stream" => ($"COALESCE(stream, '{StreamKinds.DefaultStream}')", "events"),
            _ => ("NULL::text", "events"),
        };
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<(string? Key, string Type, long Count, long Unique, long Machine)>(new CommandDefinition(
            $"""
            SELECT {keyExpression} AS key, type, count(*) AS count,
                   count(DISTINCT message_id) FILTER (WHERE type IN ('open', 'click')) AS unique_count, count(*) FILTER (WHERE machine) AS machine_count
            FROM {from}
            WHERE tenant_id = @tenantId AND occurred_at >= @since AND occurred_at < @until{conditions}
            GROUP BY 1, 2 ORDER BY 1
            """, new { tenantId, since = since.UtcDateTime, until = until.UtcDateTime, stream }, cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.Key)
            .Select(g => new StatsBucket(g.Key, Counts(g.ToList())))
            .ToList();
    }
}
