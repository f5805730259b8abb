using Dapper;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Webhooks;

/// <summary>SQL for <c>webhooks</c> and the attempt log, every statement scoped by tenant; secrets sealed with <see cref="SecretBox"/>.</summary>
internal sealed class WebhookStore(TenantDataSource tenantData, SecretBox secrets)
{
    public const string SecretPurpose = "webhook-secret";
    private const string Columns = "id, url, events, batch_size, streams, enabled, disabled_reason, created_at, updated_at";

    public async Task<(Webhook Webhook, string Secret)?> CreateAsync(string tenantId, string url, string[] events, int batchSize, string[]? streams, int maxPerTenant, CancellationToken cancellationToken)
    {
        var id = Ids.New("whk");
        var secret = WebhookSignature.NewSecret();
        var sealedSecret = secrets.Seal(System.Text.Encoding.UTF8.GetBytes(secret), SecretPurpose);
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var webhook = await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"""
            INSERT INTO webhooks (id, tenant_id, url, events, batch_size, secret, streams)
            SELECT @id, @tenantId, @url, @events, @batchSize, @sealedSecret, @streams
            WHERE (SELECT count(*) FROM webhooks WHERE tenant_id = @tenantId) < @maxPerTenant
            RETURNING {Columns}
            """, new { id, tenantId, url, events, batchSize, sealedSecret, maxPerTenant, streams }, cancellationToken: cancellationToken));
        return webhook is null ? null : (webhook, secret);
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<Webhook>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks WHERE tenant_id = @tenantId AND (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit",
            new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
    }

    /// <summary>The secrets a request is signed with now: the current one, and the previous one while its overlap lasts; null when there is no such endpoint.</summary>
    public async Task<string[]?> GetSigningSecretsAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<(byte[] Secret, byte[]? Previous)>(new CommandDefinition(
            """
            SELECT secret, CASE WHEN previous_secret_expires_at > now() THEN previous_secret END
            FROM webhooks WHERE tenant_id = @tenantId AND id = @id
            """, new { tenantId, id }, cancellationToken: cancellationToken));
        return rows.Select(r => SigningSecrets(r.Secret, r.Previous)).FirstOrDefault();
    }

    /// <summary>A new secret; the old one keeps signing beside it for <paramref name="overlap"/> (zero: it stops at once). Null when there is no such endpoint.</summary>
    public async Task<(string Secret, DateTime? PreviousExpiresAt)?> RotateSecretAsync(string tenantId, string id, TimeSpan overlap, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        var sealedSecret = secrets.Seal(System.Text.Encoding.UTF8.GetBytes(secret), SecretPurpose);
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var updated = await connection.QueryAsync<(string Id, DateTime? Expires)>(new CommandDefinition(
            """
            UPDATE webhooks SET previous_secret = CASE WHEN @overlap > interval '0' THEN secret END,
                previous_secret_expires_at = CASE WHEN @overlap > interval '0' THEN now() + @overlap END,
                secret = @sealedSecret, updated_at = now()
            WHERE tenant_id = @tenantId AND id = @id
            RETURNING id, previous_secret_expires_at
            """, new { tenantId, id, overlap, sealedSecret }, cancellationToken: cancellationToken));
        return updated.Select(u => ((string, DateTime?)?)(secret, u.Expires)).FirstOrDefault();
    }

    public string[] SigningSecrets(byte[] current, byte[]? previous) =>
        previous is null ? [OpenSecret(current)] : [OpenSecret(current), OpenSecret(previous)];

    public string OpenSecret(byte[] sealedSecret) => System.Text.Encoding.UTF8.GetString(secrets.Open(sealedSecret, SecretPurpose));

    public async Task<Webhook?> UpdateAsync(string tenantId, string id, UpdateWebhookRequest change, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"""
            UPDATE webhooks SET
                url = COALESCE(@url, url), events = COALESCE(@events, events), batch_size = COALESCE(@batchSize, batch_size),
                enabled = COALESCE(@enabled, enabled),
                streams = CASE WHEN @streams::text[] IS NULL THEN streams WHEN cardinality(@streams::text[]) = 0 THEN NULL ELSE @streams::text[] END,
                disabled_reason = CASE WHEN @enabled::boolean IS NULL THEN disabled_reason WHEN @enabled THEN NULL ELSE 'disabled_by_tenant' END,
                updated_at = now()
            WHERE tenant_id = @tenantId AND id = @id
            RETURNING {Columns}
            """, new { tenantId, id, url = change.Url, events = change.Events, batchSize = change.BatchSize, enabled = change.Enabled, streams = change.Streams }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhooks WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Attempts newest first; the cursor is the last id seen.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string tenantId, string webhookId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        var rows = await connection.QueryAsync<WebhookDelivery>(new CommandDefinition(
            """
            SELECT d.id, d.batch_id, d.attempt, d.attempted_at, d.status_code, d.latency_ms, d.error, d.event_count, b.state AS batch_state
            FROM webhook_deliveries d LEFT JOIN webhook_batches b ON b.id = d.batch_id AND b.tenant_id = d.tenant_id
            WHERE d.tenant_id = @tenantId AND d.webhook_id = @webhookId AND (@beforeId::bigint IS NULL OR d.id < @beforeId)
            ORDER BY d.id DESC LIMIT @limit
            """, new { tenantId, webhookId, beforeId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task RecordAttemptAsync(string tenantId, string webhookId, string batchId, int attempt, DateTime at, AttemptResult result, int eventCount, CancellationToken cancellationToken)
    {
        await using var connection = await tenantData.OpenConnectionAsync(tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (webhook_id, tenant_id, batch_id, attempt, attempted_at, status_code, latency_ms, error, event_count)
            VALUES (@webhookId, @tenantId, @batchId, @attempt, @at, @statusCode, @latencyMs, @error, @eventCount)
            """, new { webhookId, tenantId, batchId, attempt, at, statusCode = result.StatusCode, latencyMs = result.LatencyMs, error = result.Error, eventCount },
            cancellationToken: cancellationToken));
    }
}
