using Npgsql;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>The events table in PostgreSQL, read through the same Patroni-aware route the service uses (both hosts,
/// the primary chosen); the superuser reads past the tenant row security.</summary>
public static class EventsTable
{
    public static string ConnectionString =>
        $"Host={ClusterTopology.Ip("pg1")},{ClusterTopology.Ip("pg2")};Username=sendgateway;Password=sendgateway;Database=sendgateway;Target Session Attributes=primary;Timeout=3;Pooling=false";

    /// <summary>The number of <c>ok</c> events per token (the recipient's local part) starting with the prefix.</summary>
    public static async Task<Dictionary<string, int>> OkPerTokenAsync(string tenantId, string prefix)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT split_part(recipient, '@', 1), count(*)::int FROM events
            WHERE tenant_id = @tenant AND type = 'ok' AND recipient LIKE @prefix
            GROUP BY 1
            """, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }
}
