using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>The same servers from Testcontainers modules, used where a Docker engine answers (GitHub Actions).</summary>
public sealed class ContainerServers(RedisContainer redis, PostgreSqlContainer postgres) : IStorageServers
{
    public string RedisEndpoint => redis.GetConnectionString();

    public string PostgresAdminConnectionString => postgres.GetConnectionString();

    public static bool DockerAnswers() =>
        Environment.GetEnvironmentVariable("SENDGATEWAY_TESTS_NO_DOCKER") is null
        && (File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is not null);

    public static async Task<ContainerServers> StartAsync(CancellationToken cancellationToken)
    {
        var redis = new RedisBuilder("redis:7.0").WithCommand("--appendonly", "yes", "--appendfsync", "always", "--databases", "256").Build();
        var postgres = new PostgreSqlBuilder("postgres:15").WithUsername("sendgateway").WithPassword("sendgateway").Build();
        await Task.WhenAll(redis.StartAsync(cancellationToken), postgres.StartAsync(cancellationToken));
        return new ContainerServers(redis, postgres);
    }

    public async ValueTask DisposeAsync()
    {
        await redis.DisposeAsync();
        await postgres.DisposeAsync();
    }
}
