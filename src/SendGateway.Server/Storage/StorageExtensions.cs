using Dapper;
using SendGateway.Server.Hosting;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

public static class StorageExtensions
{
    /// <summary>One <c>NpgsqlDataSource</c> and one Redis multiplexer for the process, migrations at start.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var postgres = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidConfigurationException("ConnectionStrings:Postgres is not set: give an Npgsql connection string (ConnectionStrings__Postgres=\"Host=…;Username=…;Database=…\"); make run starts a local PostgreSQL.");
        var redis = builder.Configuration.GetConnectionString("Redis")
            ?? throw new InvalidConfigurationException("ConnectionStrings:Redis is not set: give a StackExchange.Redis configuration (ConnectionStrings__Redis=host:6379); make run starts a local Redis.");
        builder.Services.AddNpgsqlDataSource(WithAutoPrepare(postgres));
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddValidatedOptions<ResilienceOptions>("SendGateway:Resilience");
        builder.Services.AddSingleton<PostgresResilience>();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<MigrationWorker>();
        return builder;
    }

    /// <summary>
    /// Hot statements (the accept path's suppression check, the ingester's) are prepared once per connection unless the
    /// operator set <c>Max Auto Prepare</c> (e.g. 0 behind PgBouncer in transaction mode).
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
