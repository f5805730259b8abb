namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>The Redis Cluster's nodes on the redis host, as <c>CLUSTER NODES</c> tells them (asked with redis-cli).</summary>
public static class RedisNodes
{
    public static readonly int[] Ports = [7001, 7002, 7003, 7004, 7005, 7006];

    /// <summary>Port to role ("master" or "slave"; "fail" when the cluster marks it failed) as seen by a live node.</summary>
    public static async Task<Dictionary<int, string>> RolesAsync(int askPort)
    {
        var (exit, output) = await Processes.RunAsync("redis-cli", ["-h", ClusterTopology.Ip("redis"), "-p", askPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "nodes"]);
        var roles = new Dictionary<int, string>();
        if (exit != 0)
        {
            return roles;
        }

        foreach (var fields in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(f => f.Length > 2))
        {
            var port = int.Parse(fields[1].Split('@')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
            var flags = fields[2].Split(',');
            roles[port] = flags.Contains("fail") ? "fail" : flags.Contains("master") ? "master" : "slave";
        }

        return roles;
    }

    /// <summary>The replica of the primary on <paramref name="primaryPort"/>.</summary>
    public static async Task<int> ReplicaOfAsync(int primaryPort)
    {
        var (_, output) = await Processes.RunAsync("redis-cli", ["-h", ClusterTopology.Ip("redis"), "-p", primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "cluster", "nodes"]);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        var id = lines.Single(f => f[2].Contains("myself", StringComparison.Ordinal))[0];
        return int.Parse(lines.First(f => f[3] == id)[1].Split('@')[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task KillAsync(int port) => SignalAsync(port, "-9");

    /// <summary>
    /// Drops, inside the redis host, every packet the primary on <paramref name="primaryPort"/> sends to a local peer (its
    /// replica's replication link; the cluster bus and the api nodes' connections are not local or not on this port): the
    /// replica stops receiving writes while neither side notices for the replication timeout. A frozen replica would not
    /// do: the kernel keeps the stream in its socket buffer and it catches up when thawed.
    /// </summary>
    public static async Task CutReplicationAsync(int primaryPort)
    {
        await ClusterTopology.ExecAsync("redis", "nft", "add", "table", "inet", LagTable);
        await ClusterTopology.ExecAsync("redis", "nft", "add", "chain", "inet", LagTable, "out", "{ type filter hook output priority 0 ; }");
        var (exit, output) = await ClusterTopology.ExecAsync("redis", "nft", "add", "rule", "inet", LagTable, "out", "oifname", "lo", "tcp", "sport",
            primaryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "drop");
        Assert.That(exit, Is.Zero, $"nft: {output}");
    }

    public static Task RestoreReplicationAsync() => ClusterTopology.ExecAsync("redis", "nft", "delete", "table", "inet", LagTable);

    private const string LagTable = "sgc_lag";

    private static Task SignalAsync(int port, string signal) =>
        Processes.CheckedAsync("kill", [signal, File.ReadAllText(Path.Combine(ClusterTopology.DataFolder, "redis", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "redis.pid")).Trim()]);

    /// <summary>Starts a killed node again (scripts/cluster/redis-node.sh): it rejoins from its nodes.conf.</summary>
    public static Task RestartAsync(int port) =>
        Processes.CheckedAsync("bash", ["scripts/cluster/redis-node.sh", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], ClusterTopology.ScriptEnvironment);
}
