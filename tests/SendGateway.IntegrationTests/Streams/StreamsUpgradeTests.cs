using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.IntegrationTests.Streams;

/// <summary>
/// The streams migration on a database with tenants: those keep the behaviour from before streams (stream_defaults
/// false: the tenant's unsubscribe setting everywhere, one suppression scope), a tenant made afterwards gets the streams'
/// defaults. The migrations run for real, in two steps, on a database of this test's own.
/// </summary>
[TestFixture]
public sealed class StreamsUpgradeTests
{
    private const string StreamsMigration = "0034_message_streams";

    [Test]
    public async Task TenantsFromBeforeStreamsKeepTheirBehaviourAndNewTenantsGetTheStreamDefaults()
    {
        var database = $"sg_upgrade_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestEnvironment.Storage.PostgresAdminConnectionString) { Database = database, Pooling = false }.ConnectionString;
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await using var connection = await dataSource.OpenConnectionAsync();
            // Step one: every migration before streams (the later ones marked as applied, so the runner skips them).
            var later = MigrationVersions().Where(v => string.CompareOrdinal(v, StreamsMigration) >= 0).ToArray();
            Assert.That(later, Does.Contain(StreamsMigration));
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version) SELECT unnest(@later)", new { later });
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).RunAsync(CancellationToken.None);
            await connection.ExecuteAsync("INSERT INTO tenants (id, name) VALUES ('ten_before', 'Before'), ('ten_saved', 'Saved')");
            await connection.ExecuteAsync("INSERT INTO tenant_settings (tenant_id, unsubscribe) VALUES ('ten_saved', 'header_and_footer')");

            // Step two: the rest, streams included.
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = ANY (@later)", new { later });
            Assert.That(await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).RunAsync(CancellationToken.None), Is.EqualTo(later.Length));
            await connection.ExecuteAsync("INSERT INTO tenants (id, name) VALUES ('ten_after', 'After')");

            var rows = (await connection.QueryAsync<(string TenantId, bool StreamDefaults, string Unsubscribe)>(
                "SELECT tenant_id, stream_defaults, unsubscribe FROM tenant_settings ORDER BY tenant_id")).ToList();
            Assert.That(rows, Is.EqualTo(new[] { ("ten_before", false, "header"), ("ten_saved", false, "header_and_footer") }),
                "both earlier tenants keep today's behaviour, their saved settings untouched; the new one has no row: the defaults");
            // A row saved later for the new tenant (its first settings change) keeps the stream defaults.
            await connection.ExecuteAsync("INSERT INTO tenant_settings (tenant_id) VALUES ('ten_after')");
            Assert.That(await connection.ExecuteScalarAsync<bool>("SELECT stream_defaults FROM tenant_settings WHERE tenant_id = 'ten_after'"), Is.True);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static IEnumerable<string> MigrationVersions()
    {
        const string prefix = "SendGateway.Server.Storage.Migrations.";
        return typeof(MigrationRunner).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Select(n => n[prefix.Length..^".sql".Length]).Order(StringComparer.Ordinal);
    }
}
