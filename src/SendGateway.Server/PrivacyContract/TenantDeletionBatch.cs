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
}
