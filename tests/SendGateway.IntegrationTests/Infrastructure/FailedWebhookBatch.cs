using Npgsql;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// Where a tenant's webhook batches stand, read from PostgreSQL (the API lists attempts, not batches): waits for one
/// to give up, or for every event to be batched and every batch to settle.
/// </summary>
public static class FailedWebhookBatch
{
    /// <summary>The oldest failed batch's id, once there is one.</summary>
    public static async Task<string> WaitAsync(SendGatewayFactory factory, string tenantId) =>
        (await Polling.UntilAsync(async () => await ScalarAsync<string>(factory,
            "SELECT id FROM webhook_batches WHERE tenant_id = @tenantId AND state = 'failed' ORDER BY created_at LIMIT 1", tenantId),
            b => b is not null, TimeSpan.FromSeconds(30)))!;

    /// <summary>How many batches are failed and delivered once none is pending and no event waits to be batched.</summary>
    public static async Task<(long Failed, long Delivered)> SettledAsync(SendGatewayFactory factory, string tenantId)
    {
        var counts = await Polling.UntilAsync(async () => await ScalarAsync<long[]>(factory,
            """
            SELECT ARRAY[count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE state = 'delivered'),
                         (SELECT count(*) FROM webhook_outbox WHERE tenant_id = @tenantId)]
            FROM webhook_batches WHERE tenant_id = @tenantId
            """, tenantId), c => c is not null && c[0] == 0 && c[3] == 0, TimeSpan.FromSeconds(30));
        return (counts![1], counts[2]);
    }

    private static async Task<T?> ScalarAsync<T>(SendGatewayFactory factory, string sql, string tenantId)
    {
        await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenantId", tenantId);
        return await command.ExecuteScalarAsync() is T value ? value : default;
    }
}
