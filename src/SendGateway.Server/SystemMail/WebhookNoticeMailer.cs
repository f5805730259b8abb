using SendGateway.Server.Users;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.SystemMail;

/// <summary>
/// Mails a tenant's admins and owners, from the system sender, that the service disabled one of its webhook endpoints
/// (reliability.md T52, T56): which one (its URL masked, as a viewer sees it), why, and how to get the events again.
/// </summary>
internal sealed class WebhookNoticeMailer(SystemMailer mailer, UserStore users) : IWebhookNotice
{
    private const int MaxRecipients = 50;

    public async Task<bool> DisabledAsync(string tenantId, string webhookId, string url, string reason, CancellationToken cancellationToken)
    {
        var why = reason == "gone"
            ? "It answered 410 Gone, which asks senders to stop."
            : "Its requests kept failing until the end of the retry schedule; those batches are marked failed.";
        var text = $"""
            SendGateway disabled your webhook endpoint {webhookId} ({WebhookUrlMask.Mask(url)}).

            {why}

            No event is lost: every event stays readable through GET /v1/events. Once the endpoint works again, enable it
            (PATCH /v1/webhooks/{webhookId} with "enabled": true) or replay its failed batches (POST /v1/webhooks/{webhookId}/replay,
            by batch id or time range), which enables it too. The attempts are listed at GET /v1/webhooks/{webhookId}/deliveries.

            """;
        var mailed = false;
        var admins = (await users.ListAsync(tenantId, null, MaxRecipients, cancellationToken)).Where(u => PanelRoles.AtLeast(u.Role, PanelRoles.Admin));
        foreach (var admin in admins)
        {
            mailed |= await mailer.TrySendAsync(admin.Email, $"Webhook endpoint {webhookId} disabled", text, cancellationToken);
        }

        return mailed;
    }
}
