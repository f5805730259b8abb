using Dapper;
using Npgsql;

namespace SendGateway.Server.PrivacyContract;

/// <summary>A tenant's deletion under way: the connection and transaction every <see cref="ITenantDeletionStep"/> writes in, and rows per table.</summary>
internal sealed class TenantDeletionBatch(string tenantId, NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    public string TenantId { get; } = tenantId;

    public NpgsqlConnection Connection { get; } = connection;

    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>Rows removed per table, in the order the steps ran.</summary>
    public Dictionary<string, long> Rows { get; } = [];

    /// <summary>Deletes the tenant's rows of a table the owning step names (one with a <c>tenant_id</c> column) and records how many.</summary>
    public async Task DeleteRowsAsync(string table, CancellationToken cancellationToken) =>
        Rows[table] = await Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {table} WHERE tenant_id = @tenantId", new { tenantId = TenantId }, Transaction, cancellationToken: cancellationToken));

    /// <summary>Records how many rows of a table the tenants row's foreign key will remove when the Tenants step deletes it.</summary>
    public async Task CountCascadedRowsAsync(string table, CancellationToken cancellationToken) =>
        Rows[table] = await Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM {table} WHERE tenant_id = @tenantId", new { tenantId = TenantId }, Transaction, cancellationToken: cancellationToken));
}
