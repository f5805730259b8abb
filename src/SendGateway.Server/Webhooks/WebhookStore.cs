using Dapper;
using Npgsql;
using SendGateway.Server.Common;

namespace SendGateway.Server.Webhooks;

/// <summary>SQL for <c>webhooks</c> and the attempt log, every statement scoped by tenant; secrets sealed with <see cref="SecretBox"/>.</summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, SecretBox secrets)
{
    public const string SecretPurpose = "webhook-secret";
    private const string Columns = "id, url, events, batch_size, enabled, disabled_reason, created_at, updated_at";

    public async Task<(Webhook Webhook, string Secret)?> CreateAsync(string tenantId, string url, string[] events, int batchSize, int maxPerTenant, CancellationToken cancellationToken)
    {
        var id = Ids.New("whk");
        var secret = WebhookSignature.NewSecret();
        var sealedSecret = secrets.Seal(System.Text.Encoding.UTF8.GetBytes(secret), SecretPurpose);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var webhook = await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"""
            INSERT INTO webhooks (id, tenant_id, url, events, batch_size, secret)
            SELECT @id, @tenantId, @url, @events, @batchSize, @sealedSecret
            WHERE (SELECT count(*) FROM webhooks WHERE tenant_id = @tenantId) < @maxPerTenant
            RETURNING {Columns}
            """, new { id, tenantId, url, events, batchSize, sealedSecret, maxPerTenant }, cancellationToken: cancellationToken));
        return webhook is null ? null : (webhook, secret);
    }

    public async Task<IReadOnlyList<Webhook>> ListAsync(string tenantId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Webhook>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks WHERE tenant_id = @tenantId AND (@afterId::text IS NULL OR id > @afterId) ORDER BY id LIMIT @limit",
            new { tenantId, afterId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Webhook?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"SELECT {Columns} FROM webhooks WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
    }

    public async Task<string?> GetSecretAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var sealedSecret = await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT secret FROM webhooks WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken));
        return sealedSecret is null ? null : OpenSecret(sealedSecret);
    }

    public string OpenSecret(byte[] sealedSecret) => System.Text.Encoding.UTF8.GetString(secrets.Open(sealedSecret, SecretPurpose));

    public async Task<Webhook?> UpdateAsync(string tenantId, string id, UpdateWebhookRequest change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Webhook>(new CommandDefinition(
            $"""
            UPDATE webhooks SET
                url = COALESCE(@url, url), events = COALESCE(@events, events), batch_size = COALESCE(@batchSize, batch_size),
                enabled = COALESCE(@enabled, enabled),
                disabled_reason = CASE WHEN @enabled::boolean IS NULL THEN disabled_reason WHEN @enabled THEN NULL ELSE 'disabled_by_tenant' END,
                updated_at = now()
            WHERE tenant_id = @tenantId AND id = @id
            RETURNING {Columns}
            """, new { tenantId, id, url = change.Url, events = change.Events, batchSize = change.BatchSize, enabled = change.Enabled }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM webhooks WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Attempts newest first; the cursor is the last id seen.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string tenantId, string webhookId, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WebhookDelivery>(new CommandDefinition(
            """
            SELECT id, batch_id, attempt, attempted_at, status_code, latency_ms, error, event_count FROM webhook_deliveries
            WHERE tenant_id = @tenantId AND webhook_id = @webhookId AND (@beforeId::bigint IS NULL OR id < @beforeId)
            ORDER BY id DESC LIMIT @limit
            """, new { tenantId, webhookId, beforeId, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task RecordAttemptAsync(string tenantId, string webhookId, string batchId, int attempt, DateTime at, AttemptResult result, int eventCount, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO webhook_deliveries (webhook_id, tenant_id, batch_id, attempt, attempted_at, status_code, latency_ms, error, event_count)
            VALUES (@webhookId, @tenantId, @batchId, @attempt, @at, @statusCode, @latencyMs, @error, @eventCount)
            """, new { webhookId, tenantId, batchId, attempt, at, statusCode = result.StatusCode, latencyMs = result.LatencyMs, error = result.Error, eventCount },
            cancellationToken: cancellationToken));
    }
}
