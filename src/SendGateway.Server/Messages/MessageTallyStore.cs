using Dapper;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Messages;

/// <summary>
/// Tenant-scoped counts of <c>messages</c> by their state now, for the panel's overview: each message once, in the
/// bucket of its <c>accepted_at</c>, whatever events it went through (a soft bounce a retry delivered is delivered).
/// Walks <c>messages_tenant_accepted</c> (migration 0035) over the range and reads each row once; nothing else.
/// </summary>
internal sealed class MessageTallyStore(TenantDataSource tenantData)
{
    /// <param name="groupBy"><c>hour</c>, <c>day</c> (UTC, keyed as the event stats are), <c>tag</c>, <c>domain</c>, or null for one row of the whole range.</param>
    public async Task<IReadOnlyList<MessageTally>> TallyAsync(string tenantId, DateTimeOffset since, DateTimeOffset until, string? groupBy, CancellationToken cancellationToken)
    {
        var (keyExpression, from) = groupBy switch
        {
            "day" => ("to_char(accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')", "messages"),
            "hour" => ("to_char(accepted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:00')", "messages"),
            "tag" => ("tag", "messages CROSS JOIN LATERAL unnest(tags) AS tag"),
            "domain" => ("recipient_domain", "messages"),
            null => ("NULL::text", "messages"),
            _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, "hour, day, tag, domain or null"),
        };
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        // status_rank 6 is a final dropped, hardbounce or spambounce; a dead letter's dropped ranks 2 (EventTypes.StatusRank)
        // and waits with the queued and retrying; the ranks from ok up that are not 6 all follow a delivery.
        var rows = await connection.QueryAsync<MessageTally>(new CommandDefinition(
            $"""
            SELECT {keyExpression} AS key, count(*) AS sent,
                   count(*) FILTER (WHERE status_rank >= 3 AND status_rank <> 6) AS delivered,
                   count(*) FILTER (WHERE status_rank = 6 AND status IN ('hardbounce', 'spambounce')) AS bounced,
                   count(*) FILTER (WHERE status_rank = 6 AND status = 'dropped') AS dropped,
                   count(*) FILTER (WHERE status_rank <= 2) AS waiting
            FROM {from}
            WHERE tenant_id = @tenantId AND accepted_at >= @since AND accepted_at < @until
            GROUP BY 1 ORDER BY 1
            """, new { tenantId, since = since.UtcDateTime, until = until.UtcDateTime }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
