using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Storage;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T111, its second half: PostgreSQL's row-level security is a second wall behind every statement's own
/// tenant filter (migration 0025, <see cref="TenantDataSource"/>). The service runs against one pool of one connection
/// for each data source, so a connection given back is the one the next open gets, and a leak of the tenant's role or
/// setting would show.
/// </summary>
[TestFixture]
public sealed class RowLevelSecurityTests
{
    /// <summary>Tables with a tenant column (tenants by its id) whose row security is off, not forced or lacks a policy.</summary>
    private const string Unwalled =
        """
        SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
        WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace AND NOT a.attisdropped
          AND (a.attname = 'tenant_id' OR (c.relname = 'tenants' AND a.attname = 'id'))
          AND NOT (c.relrowsecurity AND c.relforcerowsecurity
              AND EXISTS (SELECT FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = c.relname AND p.policyname = 'tenant_wall'
                  AND p.permissive = 'RESTRICTIVE' AND p.cmd = 'ALL' AND p.qual LIKE '%' || a.attname || '%sendgateway.tenant_id%'
                  AND p.with_check LIKE '%' || a.attname || '%sendgateway.tenant_id%')
              AND EXISTS (SELECT FROM pg_policies p WHERE p.schemaname = current_schema() AND p.tablename = c.relname AND p.policyname = 'service_all'))
        ORDER BY 1
        """;

    private SendGatewayFactory _factory = null!;
    private TestTenant _a = null!;
    private TestTenant _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var database = $"sg_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
        }

        _factory = new SendGatewayFactory("api", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(TestEnvironment.Storage.PostgresAdminConnectionString) { Database = database, MaxPoolSize = 1 }.ConnectionString,
        }, postgresDatabase: database);
        _a = await _factory.CreateTenantAsync();
        _b = await _factory.CreateTenantAsync();
        await using var connection = await Plain.OpenConnectionAsync();
        foreach (var tenant in new[] { _a, _b })
        {
            await connection.ExecuteAsync(
                "INSERT INTO suppressions (tenant_id, email, reason) SELECT @Id, 'rls-' || n || '@' || @Id || '.test', 'manual' FROM generate_series(1, 3) AS n",
                new { tenant.Id });
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _factory.DisposeAsync();
    }

    private NpgsqlDataSource Plain => _factory.Services.GetRequiredService<NpgsqlDataSource>();

    private TenantDataSource Tenants => _factory.Services.GetRequiredService<TenantDataSource>();

    [Test]
    public async Task EveryTableWithATenantColumnHasItsRowSecurityForcedAndBothPolicies()
    {
        await using var connection = await Plain.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attname = 'tenant_id' AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace")).Single();
        Assert.That(int.Parse(tables), Is.GreaterThanOrEqualTo(15), "the check sees the tenant tables");
        Assert.That((await connection.QueryAsync<string>(Unwalled)).ToList(), Is.Empty, "every tenant table is walled");
        var role = await connection.QuerySingleAsync<(bool Super, bool Bypass, bool Login)>(
            "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = @Role", new { TenantDataSource.Role });
        Assert.That(role, Is.EqualTo((false, false, false)), "the tenant role is no superuser, does not bypass row security and cannot log in");

        // The check names a tenant table that forgot the wall (made and dropped in a transaction).
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("CREATE TABLE rls_forgotten (tenant_id text NOT NULL, note text)", transaction: transaction);
        Assert.That((await connection.QueryAsync<string>(Unwalled, transaction: transaction)).ToList(), Is.EqualTo(new[] { "rls_forgotten" }));
        await transaction.RollbackAsync();
    }

    [Test]
    public async Task AStatementWithoutATenantFilterSeesAndChangesOnlyItsTenantsRows()
    {
        await using (var connection = await Tenants.OpenConnectionAsync(_a.Id, CancellationToken.None))
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT current_user"), Is.EqualTo(TenantDataSource.Role));
            Assert.That((await connection.QueryAsync<string>("SELECT DISTINCT tenant_id FROM suppressions")).ToList(), Is.EqualTo(new[] { _a.Id }), "reads see one tenant");
            Assert.That((await connection.QueryAsync<string>("SELECT id FROM tenants")).ToList(), Is.EqualTo(new[] { _a.Id }), "the tenants table too");
            foreach (var table in await connection.QueryAsync<string>(
                "SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE a.attname = 'tenant_id' AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace"))
            {
                Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id IS DISTINCT FROM @Id", new { _a.Id }), Is.Zero, table);
            }

            Assert.That(await connection.ExecuteAsync("UPDATE suppressions SET reason = 'rls-changed'"), Is.EqualTo(3), "an update without a filter changes the tenant's own rows only");
            Assert.That(await connection.ExecuteAsync("DELETE FROM suppressions WHERE tenant_id = @Id", new { _b.Id }), Is.Zero, "another tenant's rows cannot be deleted");
            var insert = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
                "INSERT INTO suppressions (tenant_id, email, reason) VALUES (@Id, 'planted@rls.test', 'manual')", new { _b.Id }));
            Assert.That(insert!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), "a row for another tenant is refused");
            var move = Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("UPDATE suppressions SET tenant_id = @Id", new { _b.Id }));
            Assert.That(move!.SqlState, Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege), "a row cannot be handed to another tenant");
        }

        await using var plain = await Plain.OpenConnectionAsync();
        var rows = (await plain.QueryAsync<(string TenantId, string Reason)>("SELECT tenant_id, reason FROM suppressions WHERE email LIKE 'rls-%'")).ToList();
        Assert.That(rows.Where(r => r.TenantId == _b.Id).Select(r => r.Reason).ToList(), Is.EqualTo(new[] { "manual", "manual", "manual" }), "B's rows are untouched");
        Assert.That(rows.Where(r => r.TenantId == _a.Id).Select(r => r.Reason).ToList(), Is.EqualTo(new[] { "rls-changed", "rls-changed", "rls-changed" }));
        await plain.ExecuteAsync("UPDATE suppressions SET reason = 'manual' WHERE email LIKE 'rls-%'");
    }

    [Test]
    public async Task NeitherTheRoleNorTheTenantOutlivesItsConnectionInThePool()
    {
        int first;
        await using (var connection = await Tenants.OpenConnectionAsync(_a.Id, CancellationToken.None))
        {
            first = await connection.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
        }

        await using (var plain = await Plain.OpenConnectionAsync())
        {
            var (user, setting) = await plain.QuerySingleAsync<(string, string?)>("SELECT current_user::text, current_setting('sendgateway.tenant_id', true)");
            Assert.That(user, Is.Not.EqualTo(TenantDataSource.Role), "the service's own connections never carry the tenant role");
            Assert.That(setting, Is.Null.Or.Empty, "nor a tenant");
            Assert.That(await plain.ExecuteScalarAsync<long>("SELECT count(DISTINCT tenant_id) FROM suppressions WHERE email LIKE 'rls-%'"), Is.EqualTo(2), "cross-tenant work sees every tenant");
        }

        await using var next = await Tenants.OpenConnectionAsync(_b.Id, CancellationToken.None);
        var (pid, role, tenant) = await next.QuerySingleAsync<(int, string, string)>("SELECT pg_backend_pid(), current_user::text, current_setting('sendgateway.tenant_id')");
        Assert.That(pid, Is.EqualTo(first), "the pool of one gave the same server connection back");
        Assert.That((role, tenant), Is.EqualTo((TenantDataSource.Role, _b.Id)), "the next tenant's open sets its own tenant");
        Assert.That((await next.QueryAsync<string>("SELECT DISTINCT tenant_id FROM suppressions")).ToList(), Is.EqualTo(new[] { _b.Id }));
    }

    [Test]
    public async Task TheTemplateListOfTheApiIsReadOnATenantConnection()
    {
        // A read the audit log does not record: a recorded one (the suppression list) writes its audit row on the same
        // pool of one right after, so the connection's last statement would be the audit's.
        using var response = await _a.Client.GetAsync("/v1/templates?limit=10");
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        await using var plain = await Plain.OpenConnectionAsync();
        var last = await plain.QueryAsync<string>(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sendgateway tenant'");
        Assert.That(last, Has.Some.Contains("FROM templates"), "the list was read on the tenant pool's one connection");
    }
}
