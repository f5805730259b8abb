using Testcontainers.PostgreSql;
using Testcontainers.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>The same servers from Testcontainers modules, used where a Docker engine answers (GitHub Actions).</summary>
public sealed class ContainerServers(RedisContainer redis, PostgreSqlContainer postgres) : IStorageServers
{
    public string RedisEndpoint => redis.GetConnectionString();

    public string PostgresAdminConnectionString => postgres.GetConnectionString();

    /// <summary>True where a Docker engine answers (DOCKER_HOST set, or the default socket accepts a connection).</summary>
    public static bool DockerAnswers()
    {
        if (Environment.GetEnvironmentVariable("SENDGATEWAY_TESTS_NO_DOCKER") is not null)
        {
            return false;
        }

        if (Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 })
        {
            return true;
        }

        const string socketPath = "/var/run/docker.sock";
        if (!File.Exists(socketPath))
        {
            return false;
        }

        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

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
