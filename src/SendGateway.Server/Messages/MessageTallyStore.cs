using Dapper;
using SendGateway.Server.Storage;
using SendGateway.Server.Streams;

namespace SendGateway.Server.Messages;

/// <summary>
/// Tenant-scoped counts of <c>messages</c> by their state now, for the panel's overview: each message once, in the
/// bucket of its <c>accepted_at</c>, whatever events it went through (a soft bounce a retry delivered is delivered).
/// Walks <c>messages_tenant_accepted</c> (migration 0035) over the range and reads each row once per call; nothing else.
/// Measured on 2 shared cores (load 14): 1.1 million messages of one tenant in 30 days take 1.3 to 1.8 s by day, 1.1 s
/// by domain, 1.4 s by tag; a 24-hour range reads a thirtieth of that. One stream's counts walk the same index range and
/// filter its rows on <c>stream</c> (no index of its own: a tenant has a handful of streams, so it would select little).
/// </summary>
internal sealed class MessageTallyStore(TenantDataSource tenantData)
{
    /// <param name="groupBy"><c>hour</c>, <c>day</c> (UTC, keyed as the event stats are), <c>tag</c>, <c>domain</c>, or null for one row of the whole range.</param>
    /// <param name="stream">One stream's messages only (those from before streams are <see cref="StreamKinds.DefaultStream"/>'s), or null for all.</param>
    public async Task<IReadOnlyList<MessageTally>> TallyAsync(
        string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, string? stream, CancellationToken cancellationToken)
    {
        // Time buckets are grouped by date_trunc and named after: formatting each row (to_char) before grouping took
        // twice as long over a million messages.
        var (groupExpression, keyExpression, from) = groupBy switch
        {
            "day" => ("date_trunc('day', accepted_at AT TIME ZONE 'UTC')", "to_char(g, 'YYYY-MM-DD')", "messages"),
            "hour" => ("date_trunc('hour', accepted_at AT TIME ZONE 'UTC')", "to_char(g, 'YYYY-MM-DD\"T\"HH24:00')", "messages"),
            "tag" => ("tag", "g", "messages CROSS JOIN LATERAL unnest(tags) AS tag"),
            "domain" => ("recipient_domain", "g", "messages"),
            null => ("NULL::text", "g", "messages"),
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "hour, day, tag, domain or null"),
        };
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        // status_rank 6 is a final dropped, hardbounce or spambounce; a dead letter's dropped ranks 2 (EventTypes.StatusRank)
        // and waits with the queued and retrying; the ranks from ok up that are not 6 all follow a delivery.
        var rows = await connection.QueryAsync<MessageTally>(new CommandDefinition(
            $"""
            SELECT {keyExpression} AS key, sent, delivered, bounced, dropped, waiting
            FROM (SELECT {groupExpression} AS g, count(*) AS sent,
                         count(*) FILTER (WHERE status_rank >= 3 AND status_rank <> 6) AS delivered,
                         count(*) FILTER (WHERE status_rank = 6 AND status IN ('hardbounce', 'spambounce')) AS bounced,
                         count(*) FILTER (WHERE status_rank = 6 AND status = 'dropped') AS dropped,
                         count(*) FILTER (WHERE status_rank <= 2) AS waiting
                  FROM {from}
                  WHERE tenant_id = @tenantId AND accepted_at >= @since AND accepted_at < @until{StreamCondition(stream)}
                  GROUP BY 1) AS t
            ORDER BY 1
            """, new { tenantId, since = since.UtcDateTime, until = until.UtcDateTime, stream }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>
    /// A constant fragment (the value is <c>@stream</c>) that leaves the index condition on (tenant_id, accepted_at) as it is:
    /// no function of a column, nothing added when all streams are counted. Rows from before streams have none: the default's.
    /// </summary>
    private static string StreamCondition(string? stream) =>
        stream is null ? string.Empty : stream == StreamKinds.DefaultStream ? " AND (stream = @stream OR stream IS NULL)" : " AND stream = @stream";
}
