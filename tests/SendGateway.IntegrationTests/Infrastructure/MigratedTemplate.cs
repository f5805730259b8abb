using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SendGateway.Server.Storage;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A database with every migration applied, made once per run: each factory's own database is created as a copy of it
/// (<c>CREATE DATABASE … TEMPLATE</c>, a file copy) instead of running the migrations again at every start. The server
/// still runs its migration step on start; it finds them applied. Tests of the migrations themselves use their own server.
/// </summary>
public static class MigratedTemplate
{
    public const string Name = "sg_test_template";

    public static async Task CreateAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = Name, Pooling = false }.ConnectionString;
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).RunAsync(cancellationToken);
        }
    }
}
