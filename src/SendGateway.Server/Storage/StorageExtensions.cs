using Dapper;
using StackExchange.Redis;

namespace SendGateway.Server.Storage;

public static class StorageExtensions
{
    /// <summary>One <c>NpgsqlDataSource</c> and one Redis multiplexer for the process, migrations at start.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var postgres = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured (make run starts a local PostgreSQL).");
        var redis = builder.Configuration.GetConnectionString("Redis")
            ?? throw new InvalidOperationException("ConnectionStrings:Redis is not configured (make run starts a local Redis).");
        builder.Services.AddNpgsqlDataSource(postgres);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddHostedService<MigrationWorker>();
        return builder;
    }
}
