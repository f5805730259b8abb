using System.Net;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>The PostgreSQL hosts' Patroni: its REST health checks (:8008) and patronictl.</summary>
public static class Patroni
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Patroni's own answer on <c>/primary</c>, <c>/replica</c> or <c>/sync</c> (200 when the node is that).</summary>
    public static async Task<bool> IsAsync(string host, string role)
    {
        try
        {
            using var response = await Client.GetAsync(new Uri($"http://{ClusterTopology.Ip(host)}:8008/{role}"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public static Task<string> CtlAsync(params string[] args) =>
        Processes.CheckedAsync("ip", ["netns", "exec", "sgc-etcd", "patronictl", "-c", Path.Combine(ClusterTopology.DataFolder, "pg1", "patroni.yml"), .. args]);

    /// <summary>The host Patroni leads with now (pg1 or pg2), or null while there is none.</summary>
    public static async Task<string?> PrimaryAsync() =>
        await IsAsync("pg1", "primary") ? "pg1" : await IsAsync("pg2", "primary") ? "pg2" : null;
}
