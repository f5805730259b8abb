using System.Net;

namespace SendGateway.ClusterTests.Infrastructure;

/// <summary>A node's <c>/readyz</c> asked directly (not through lb): ready only on a 200 within 5 s.</summary>
public static class Readiness
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<bool> IsReadyAsync(string host)
    {
        try
        {
            using var response = await Client.GetAsync(new Uri($"http://{ClusterTopology.Ip(host)}:8080/readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
