using Dapper;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

internal static class StorageExtensions
{
    /// <summary>One <c>NpgsqlDataSource</c> and one Redis multiplexer for the process, migrations at start.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var postgres = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidConfigurationException("ConnectionStrings:Postgres is not set: give an Npgsql connection string (ConnectionStrings__Postgres=\"Host=…;Username=…;Database=…\"); make run starts a local PostgreSQL.");
        var redis = builder.Configuration.GetConnectionString("Redis")
            ?? throw new InvalidConfigurationException("ConnectionStrings:Redis is not set: give a StackExchange.Redis configuration (ConnectionStrings__Redis=host:6379); make run starts a local Redis.");
        StoreTls.CheckPostgresFiles(postgres);
        builder.Services.AddNpgsqlDataSource(WithAutoPrepare(postgres));
        builder.Services.AddSingleton(_ => new TenantDataSource(WithAutoPrepare(postgres)));
        builder.Services.AddValidatedOptions<StorageOptions>("SendGateway:Storage");
        builder.Services.AddSingleton<IConnectionMultiplexer>(s =>
        {
            var options = ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            StoreTls.ApplyTo(options, s.GetRequiredService<IOptions<StorageOptions>>().Value);
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddValidatedOptions<ResilienceOptions>("SendGateway:Resilience");
        builder.Services.AddSingleton<PostgresResilience>();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddSingleton<MigrationWorker>();
        builder.Services.AddHostedService(s => s.GetRequiredService<MigrationWorker>());
        return builder;
    }

    /// <summary>
    /// Hot statements (the accept path's suppression check, the ingester's) are prepared once per connection unless the
    /// operator set <c>Max Auto Prepare</c> (e.g. 0 behind PgBouncer in transaction mode). A connection going back to
    /// the pool is not reset (<c>No Reset On Close</c>, unless the operator set it): that reset is a statement of its own
    /// each time (a <c>DISCARD ALL</c> per template lookup of a send, measured) and nothing here leaves session state
    /// behind: temporary tables are dropped at commit, advisory locks are released by their taker, no <c>SET</c> is issued
    /// (the tenant role and setting live only on <see cref="TenantDataSource"/>'s own pool).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        // Whether the operator wrote a keyword: Npgsql's own builder answers ContainsKey for every keyword it knows, so
        // asking it meant these defaults were never applied (found in issue 20: a DISCARD ALL per template lookup).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
