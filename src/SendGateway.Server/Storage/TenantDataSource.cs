using Npgsql;

namespace SendGateway.Server.Storage;

/// <summary>
/// Connections for the work of one tenant (its API, panel and relay), behind PostgreSQL's row-level security (migration
/// 0025): each open sets the role <c>sendgateway_tenant</c> and <c>sendgateway.tenant_id</c> in one statement, so a
/// statement that forgot its <c>tenant_id</c> filter still sees and changes only that tenant's rows. The stores keep
/// their own filters (the first wall). These connections have a pool of their own: the service's plain data source
/// never resets a connection it gets back (<see cref="StorageExtensions.WithAutoPrepare"/>), and a plain connection
/// must never inherit the tenant role; here every open sets both again, so nothing of the last tenant is left to use.
/// </summary>
internal sealed class TenantDataSource(string connectionString) : IAsyncDisposable
{
    /// <summary>The NOLOGIN role the policies name; made by migration 0025 or by the operator.</summary>
    public const string Role = "sendgateway_tenant";

    /// <summary>The setting the policies compare each row's tenant with.</summary>
    public const string Setting = "sendgateway.tenant_id";

    private const string Enter = $"SELECT set_config('role', '{Role}', false), set_config('{Setting}', $1, false)";

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(Named(connectionString));

    public async Task<NpgsqlConnection> OpenConnectionAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Enter, connection) { Parameters = { new() { Value = tenantId } } };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>The pool shows in <c>pg_stat_activity</c> as the service's application name with " tenant" after it.</summary>
    private static string Named(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName = $"{(string.IsNullOrEmpty(builder.ApplicationName) ? "sendgateway" : builder.ApplicationName)} tenant";
        return builder.ConnectionString;
    }
}
