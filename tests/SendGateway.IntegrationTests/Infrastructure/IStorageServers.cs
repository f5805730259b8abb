namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// One real Redis and one real PostgreSQL for the test run, whichever way they were started
/// (Testcontainers where a Docker engine answers, local processes otherwise).
/// </summary>
public interface IStorageServers : IAsyncDisposable
{
    /// <summary>A StackExchange.Redis configuration string without a database number.</summary>
    string RedisEndpoint { get; }

    /// <summary>An Npgsql connection string to the maintenance database, able to CREATE DATABASE.</summary>
    string PostgresAdminConnectionString { get; }
}
