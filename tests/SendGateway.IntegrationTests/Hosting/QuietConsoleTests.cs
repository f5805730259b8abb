using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Hosting;

/// <summary>
/// The real executable with explicit listeners (the SMTP relay's ports and a management listener, as <c>make run</c>
/// starts it): its console names each listener's protocol, and has no Kestrel "Overriding address(es)" warning, no
/// "Hosting environment" line (Production in a development run) and no <c>http://</c> address for an SMTP port.
/// </summary>
[TestFixture]
public sealed class QuietConsoleTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory(roles: "api");

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task TheConsoleNamesEachListenersProtocolWithoutKestrelsOverrideWarning()
    {
        var (http, management, submission, tls) = (ProcessRunner.FreePort(), ProcessRunner.FreePort(), ProcessRunner.FreePort(), ProcessRunner.FreePort());
        var environment = _factory.EnvironmentFor("api,relay", new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{http}",
            ["SendGateway:Management:Urls"] = $"http://127.0.0.1:{management}",
            ["SendGateway:Relay:Ports:Submission"] = submission.ToString(),
            ["SendGateway:Relay:Ports:Tls"] = tls.ToString(),
            ["SendGateway:Relay:Ports:Alternate"] = "0",
            ["SendGateway:Relay:PasswordHashIterations"] = "10000",
        });
        var server = CapturedProcess.Start(ServerProcess.StartInfo(environment, ["serve"]));
        await using (server)
        {
            // The announcement comes once the host has started: every listener is bound by then.
            var started = await Polling.UntilAsync(() => Task.FromResult(server.Output), l => l.Contains($"127.0.0.1:{tls} (SMTP relay, implicit TLS)", StringComparison.Ordinal) || server.Process.HasExited,
                TimeSpan.FromSeconds(120));
            Assert.That(started, Does.Contain($"Now listening on: 127.0.0.1:{tls} (SMTP relay, implicit TLS)"), started);
        }

        var log = server.Output;
        Assert.That(log, Does.Contain($"Now listening on: http://127.0.0.1:{http} (HTTP)"), log);
        Assert.That(log, Does.Contain($"Now listening on: http://127.0.0.1:{management} (HTTP, management)"), log);
        Assert.That(log, Does.Contain($"Now listening on: 127.0.0.1:{submission} (SMTP relay, STARTTLS)"), log);
        Assert.That(log, Does.Not.Contain("Overriding address"), "Kestrel's warning about the addresses it binds anyway");
        Assert.That(log, Does.Not.Contain("Hosting environment:"), "the environment's name (Production in a development run)");
        Assert.That(log, Does.Not.Contain($"http://127.0.0.1:{submission}").And.Not.Contain($"http://127.0.0.1:{tls}"), "an SMTP port printed as http://");
    }
}
