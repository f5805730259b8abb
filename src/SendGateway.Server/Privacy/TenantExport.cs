using System.Text;
using Dapper;
using Npgsql;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The "return" half of offboarding (reliability.md T108, GDPR Art. 28(3)(g)): every PostgreSQL row of one tenant as
/// JSON lines, <c>{"table": …, "row": {…}}</c>, read from the catalogue so a table added later is exported without a
/// change here. Secrets, key hashes and sealed content are left out: every <c>bytea</c> column and every column whose
/// name ends in <c>hash</c> or holds <c>password</c> or <c>secret</c>. Rows are streamed, never held in memory.
/// </summary>
internal sealed class TenantExport(NpgsqlDataSource dataSource)
{
    /// <summary>Tables with a tenant column (partitioned tables once, not their partitions), and <c>tenants</c> by its id.</summary>
    private const string TablesSql = """
        SELECT c.relname::text,
               coalesce(array_agg(a.attname::text ORDER BY a.attnum) FILTER (
                   WHERE a.atttypid = 'bytea'::regtype OR a.attname LIKE '%hash' OR a.attname LIKE '%password%' OR a.attname LIKE '%secret%'), '{}'),
               bool_or(a.attname = 'tenant_id')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        GROUP BY c.relname
        HAVING bool_or(a.attname = 'tenant_id') OR c.relname = 'tenants'
        ORDER BY c.relname = 'tenants' DESC, c.relname
        """;

    /// <summary>Whether the tenant exists, so the endpoint can answer 404 before the export starts.</summary>
    public async Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM tenants WHERE id = @tenantId)", new { tenantId }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes the tenant's rows to <paramref name="output"/> from one snapshot.</summary>
    public async Task WriteAsync(string tenantId, Stream output, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        var tables = new List<ExportedTable>();
        await using (var list = new NpgsqlCommand(TablesSql, connection, transaction))
        await using (var rows = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                tables.Add(new ExportedTable(rows.GetString(0), rows.GetFieldValue<string[]>(1), rows.GetBoolean(2)));
            }
        }

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        foreach (var table in tables)
        {
            var filter = table.HasTenant ? "tenant_id" : "id";
            await using var command = new NpgsqlCommand(
                $"SELECT jsonb_build_object('table', @table, 'row', to_jsonb(t) - @hidden)::text FROM \"{table.Table}\" t WHERE t.{filter} = @tenantId",
                connection, transaction);
            command.Parameters.AddWithValue("table", table.Table);
            command.Parameters.AddWithValue("hidden", table.Hidden);
            command.Parameters.AddWithValue("tenantId", tenantId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                await writer.WriteLineAsync(reader.GetString(0).AsMemory(), cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record ExportedTable(string Table, string[] Hidden, bool HasTenant);
}
