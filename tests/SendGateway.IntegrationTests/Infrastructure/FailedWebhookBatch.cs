using Npgsql;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>Waits for a tenant's webhook batch to give up (state <c>failed</c> in PostgreSQL: the API does not list batches) and returns its id.</summary>
public static class FailedWebhookBatch
{
    public static async Task<string> WaitAsync(SendGatewayFactory factory, string tenantId) =>
        (await Polling.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(factory.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT id FROM webhook_batches WHERE tenant_id = @tenantId AND state = 'failed' ORDER BY created_at LIMIT 1", connection);
            command.Parameters.AddWithValue("tenantId", tenantId);
            return await command.ExecuteScalarAsync() as string;
        }, b => b is not null, TimeSpan.FromSeconds(30)))!;
}
