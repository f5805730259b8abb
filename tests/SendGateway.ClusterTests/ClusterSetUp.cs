using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>Brings the topology up once for every cluster test (make test-cluster, as root) and down at the end.</summary>
[SetUpFixture]
public sealed class ClusterSetUp
{
    [OneTimeSetUp]
    public async Task UpAsync()
    {
        Assert.That(Environment.UserName, Is.EqualTo("root"), "the cluster tests make network namespaces: run them as root (make test-cluster)");
        await ClusterTopology.UpAsync();
    }

    [OneTimeTearDown]
    public Task DownAsync() => ClusterTopology.DownAsync();
}
