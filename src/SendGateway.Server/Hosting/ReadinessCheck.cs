using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace SendGateway.Server.Hosting;

/// <summary>
/// <c>/readyz</c>: the process is not stopping (T94: not ready from the stop signal on, while <see cref="StopDrain"/> keeps
/// the listeners open), the migrations have run, Redis answers PING and PostgreSQL answers a query.
/// </summary>
internal sealed class ReadinessCheck(IConnectionMultiplexer redis, NpgsqlDataSource postgres, Storage.MigrationWorker migrations, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The process is stopping.");
        }

        if (!migrations.Done)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL has not been reached since the start: the migrations have not run yet.");
        }

        try
        {
            await redis.GetDatabase().PingAsync();
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy("Redis is not reachable.", e);
        }

        try
        {
            await using var connection = await postgres.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", e);
        }

        return HealthCheckResult.Healthy();
    }
}
