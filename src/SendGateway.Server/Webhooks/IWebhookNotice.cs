namespace SendGateway.Server.Webhooks;

/// <summary>
/// Tells a tenant's people that the service disabled one of its endpoints (reliability.md T52, T56), by mail from the
/// operator's system sender (<c>SystemMail/</c> implements it: Webhooks cannot depend on Messages' accept path). False
/// when nobody could be mailed (no system sender, no admin or owner); the audit log has the entry either way.
/// </summary>
internal interface IWebhookNotice
{
    Task<bool> DisabledAsync(string tenantId, string webhookId, string url, string reason, CancellationToken cancellationToken);
}
