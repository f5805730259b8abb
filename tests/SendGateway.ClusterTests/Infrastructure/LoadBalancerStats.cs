using System.Globalization;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>HAProxy's own counters on lb (the stats page as CSV): which server took how many sessions.</summary>
public static class LoadBalancerStats
{
    /// <summary>Total sessions (stot) per (backend, server).</summary>
    public static async Task<Dictionary<(string Backend, string Server), long>> SessionsPerServerAsync()
    {
        using var client = new HttpClient();
        var csv = await client.GetStringAsync(new Uri($"http://{ClusterTopology.Ip("lb")}:8404/stats;csv"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var stot = Array.IndexOf(header, "stot");
        return lines.Skip(1).Select(l => l.Split(','))
            .Where(f => f.Length > stot && f[1] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(f => (f[0], f[1]), f => long.Parse(f[stot], CultureInfo.InvariantCulture));
    }
}
