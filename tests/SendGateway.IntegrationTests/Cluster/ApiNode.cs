using System.Diagnostics;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Cluster;

/// <summary>
/// A second api node: the real server in its own process, sharing a factory's Redis and PostgreSQL, on its own port and
/// with its own home folder (another machine's: no key folder shared through the file system).
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _home;

    private ApiNode(Process process, DirectoryInfo home, HttpClient client)
    {
        _process = process;
        _home = home;
        Client = client;
    }

    /// <summary>No cookie container and no redirects: the tests carry cookies themselves, between nodes.</summary>
    public HttpClient Client { get; }

    public static async Task<ApiNode> StartAsync(SendGatewayFactory factory, IDictionary<string, string>? overrides = null)
    {
        var port = ProcessRunner.FreePort();
        var home = Directory.CreateTempSubdirectory("sg-node-home-");
        var settings = new Dictionary<string, string> { ["urls"] = $"http://127.0.0.1:{port}", ["HOME"] = home.FullName };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var process = ServerProcess.StartWorker(factory, settings, roles: "api");
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var node = new ApiNode(process, home, client);
        var up = await Polling.UntilAsync(
            async () =>
            {
                try
                {
                    return (await client.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, ok => ok || process.HasExited, TimeSpan.FromSeconds(60));
        if (!up)
        {
            await node.DisposeAsync();
            Assert.Fail("the second api node did not answer /healthz within a minute");
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _home.Delete(recursive: true);
    }
}
