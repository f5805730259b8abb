namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>The two stores a <see cref="StoreFaults"/> can run and break.</summary>
public enum StoreKind
{
    Redis,
    Postgres,
}
