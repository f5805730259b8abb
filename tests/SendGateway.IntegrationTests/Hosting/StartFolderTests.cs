using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// The real executable behaves the same whatever folder it is started from: started from an empty folder (no
/// <c>appsettings.json</c> there) it logs as quietly as from its own, with no line per request.
/// </summary>
[TestFixture]
public sealed class StartFolderTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory(roles: "api");

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task StartedFromAnotherFolderItLogsNoLinePerRequest()
    {
        var folder = Directory.CreateTempSubdirectory("sg-start-");
        var port = ProcessRunner.FreePort();
        var environment = _factory.EnvironmentFor("api", new Dictionary<string, string> { ["urls"] = $"http://127.0.0.1:{port}" });
        var start = ServerProcess.StartInfo(environment, ["serve"], workingDirectory: folder.FullName);
        var server = CapturedProcess.Start(start);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await Polling.UntilAsync(async () =>
            {
                try
                {
                    return (await client.GetAsync("/readyz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, up => up, TimeSpan.FromSeconds(90));
            Assert.That(ready, Is.True, $"the server did not become ready:\n{server.Output}");
            Assert.That((await client.GetAsync("/healthz")).IsSuccessStatusCode, Is.True);
        }
        finally
        {
            await server.DisposeAsync();
            folder.Delete(recursive: true);
        }

        var log = server.Output;
        Assert.That(log, Does.Contain("Now listening on"), "the lifetime's lines are kept");
        Assert.That(log, Does.Not.Contain("Request starting").And.Not.Contain("Executed endpoint"), "a line per request at Information");
    }
}
