using SendGateway.Server.Events;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// <c>GET /api/emails</c> (every status change, EmailLabs' names), <c>/api/opens</c> and <c>/api/clicks</c>: our events
/// read through the same tenant-scoped store as <c>GET /v1/events</c>, offset-paged within <see cref="EmailLabsOptions.MaxOffset"/>.
/// </summary>
internal static class EmailLabsLogs
{
    private static readonly string[] Filters = ["message_id", "account", "to", "created_at.from", "created_at.to", "injected_time.from", "injected_time.to"];

    public static async Task<IResult> ListAsync(HttpContext context, EventReadStore store, EmailLabsOptions limits, string? type, CancellationToken cancellationToken)
    {
        var (query, error) = EmailLabsQuery.Parse(context.Request.Query, limits, Filters);
        if (query is null)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, error!);
        }

        if (!query.TryTime("created_at.from", out var since, out error) || !query.TryTime("created_at.to", out var until, out error)
            || !query.TryTime("injected_time.from", out var injectedSince, out error) || !query.TryTime("injected_time.to", out var injectedUntil, out error))
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, error!);
        }

        // Our message ids are msg_…; any other message_id is the one a sender gave in to[addr][message_id], kept in metadata.
        var messageId = query.Filters.GetValueOrDefault("message_id");
        var ours = messageId is not null && messageId.StartsWith("msg_", StringComparison.Ordinal);
        var account = query.Filters.GetValueOrDefault("account");
        if (account is not null && messageId is not null && !ours)
        {
            return EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Filter by account or by your own message_id, not both.");
        }

        var filter = new EventFilter(type, query.Filters.GetValueOrDefault("to"), ours ? messageId : null, null, since ?? injectedSince, until ?? injectedUntil, null, query.Offset + query.Limit)
        {
            NewestFirst = query.NewestFirst,
            MetadataKey = account is not null ? EmailLabsMessage.AccountMetadataKey : messageId is not null && !ours ? "message_id" : null,
            MetadataValue = account ?? (ours ? null : messageId),
        };
        var rows = await store.ListAsync(context.User.TenantId(), filter, cancellationToken);
        var data = rows.Skip(query.Offset).Select(r => Row(r.ToView())).ToList();
        return EmailLabsReply.Success(context, "Data found", data);
    }

    private static object Row(EventView e) => new
    {
        id = e.Id,
        message_id = e.MessageId,
        custom_message_id = e.Metadata.GetValueOrDefault("message_id"),
        account = e.Metadata.GetValueOrDefault(EmailLabsMessage.AccountMetadataKey),
        to = e.Recipient,
        from = e.From,
        status = EmailLabsStatuses.For(e.Type, e.Bounce?.Class),
        created_at = e.Timestamp.ToUnixTimeSeconds(),
        tags = e.Tags,
        smtp_response = e.Smtp?.Response,
        smtp_code = e.Smtp?.Code,
        mx = e.Smtp?.Mx,
        tls = e.Smtp?.Tls,
        tls_version = e.Smtp?.TlsDetail?.Version,
        tls_policy = e.Smtp?.TlsDetail?.Policy,
        tls_verified = e.Smtp?.TlsDetail?.Verified,
        bounce_class = e.Bounce?.Class,
        reason = e.Reason,
        url = e.Url,
        user_agent = e.UserAgent,
        machine = e.Machine,
    };
}
