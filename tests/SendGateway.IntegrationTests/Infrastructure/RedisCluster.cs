using System.Diagnostics;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A private Redis Cluster of three primaries on loopback: <c>redis-server --cluster-enabled yes</c> on free ports (the
/// bus port chosen too), joined with <c>redis-cli --cluster create</c>; AOF with fsync always, as in production.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sendgateway-cluster-").FullName;
    private readonly List<Process> _nodes = [];

    private RedisCluster()
    {
    }

    public List<int> Ports { get; } = [];

    public string ConnectionString => string.Join(",", Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisCluster> StartAsync(int nodes, CancellationToken cancellationToken)
    {
        var cluster = new RedisCluster();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var port = ProcessRunner.FreePort();
                var dir = Directory.CreateDirectory(Path.Combine(cluster._dir, port.ToString())).FullName;
                var node = Process.Start(new ProcessStartInfo("redis-server",
                    ["--bind", "127.0.0.1", "--port", port.ToString(), "--cluster-enabled", "yes", "--cluster-port", ProcessRunner.FreePort().ToString(),
                     "--cluster-config-file", Path.Combine(dir, "nodes.conf"), "--dir", dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always"])
                { RedirectStandardOutput = true, UseShellExecute = false })!;
                _ = node.StandardOutput.ReadToEndAsync(cancellationToken);
                cluster._nodes.Add(node);
                cluster.Ports.Add(port);
            }

            foreach (var port in cluster.Ports)
            {
                await WaitAsync(() => CliAsync(port, "PING"), reply => reply == "PONG", cancellationToken);
            }

            await ProcessRunner.RunAsync("redis-cli",
                ["--cluster", "create", .. cluster.Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"], cancellationToken);
            foreach (var port in cluster.Ports)
            {
                await WaitAsync(() => CliAsync(port, "CLUSTER", "INFO"), reply => reply.Contains("cluster_state:ok", StringComparison.Ordinal), cancellationToken);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node that serves <paramref name="key"/>'s slot, from the cluster's own answer.</summary>
    public static async Task<string> NodeOfAsync(IConnectionMultiplexer redis, RedisKey key) =>
        (await redis.GetDatabase().IdentifyEndpointAsync(key))!.ToString()!;

    private static async Task<string> CliAsync(int port, params string[] command)
    {
        var start = new ProcessStartInfo("redis-cli", ["-p", port.ToString(), .. command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }

    private static async Task WaitAsync(Func<Task<string>> probe, Func<string, bool> done, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200; i++)
        {
            if (done(await probe()))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new InvalidOperationException("the Redis Cluster did not come up");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync();
            }

            node.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }
}
