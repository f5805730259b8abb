using Dapper;
using SendGateway.Server.PrivacyContract;
using SendGateway.Server.Settings;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// Erasure: the outbox rows of the erased events (<c>erased_events</c>, left by the Events step) and the batches whose
/// payload names the people, by address or by the tenant's <c>hashed</c> webhook recipient (a pseudonym the tenant can undo).
/// </summary>
internal sealed class WebhookErasureStep(TenantSettingsStore settings) : IErasureStep
{
    public async Task EraseAsync(ErasureBatch batch, CancellationToken cancellationToken)
    {
        var key = (await settings.GetAsync(batch.TenantId, cancellationToken)).WebhookRecipientKey;
        string[] hashes = key is null ? [] : [.. batch.Emails.Select(e => WebhookRecipientKey.Hash(key, e))];
        await batch.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhook_outbox o USING erased_events g WHERE o.tenant_id = @tenantId AND o.event_id = g.id",
            new { tenantId = batch.TenantId }, batch.Transaction, cancellationToken: cancellationToken));
        batch.WebhookBatches += await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM webhook_batches WHERE tenant_id = @tenantId
              AND EXISTS (SELECT 1 FROM unnest(@patterns) AS e (pattern) WHERE position(e.pattern IN lower(payload)) > 0)
            """, new { tenantId = batch.TenantId, patterns = SearchPatterns(batch.Emails).Concat(hashes).ToArray() }, batch.Transaction, cancellationToken: cancellationToken));
    }

    /// <summary>An address as it appears in stored JSON: as is, and as the serializer escapes it (<c>+</c> is <c>\u002B</c>).</summary>
    private static string[] SearchPatterns(string[] emails) =>
        emails.Concat(emails.Select(e => System.Text.Json.JsonEncodedText.Encode(e).ToString().ToLowerInvariant())).Distinct().ToArray();
}
