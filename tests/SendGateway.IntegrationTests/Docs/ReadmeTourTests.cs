using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The README's five-minute tour and the guide's marked samples (<c>&lt;!-- tour --&gt;</c>), run with bash as a reader
/// runs them after <c>make run</c>: a real server (API, relay, delivery, events on real ports), the demo sender domain,
/// delivery to the capture sink writing <c>.data/mail</c> in the folder the blocks run in, and only the banner's values
/// (address, key, SMTP login) supplied through the variables the blocks use. Each block must exit 0 (curl fails on an
/// HTTP error here) and the mail it sends must reach the sink.
/// </summary>
[TestFixture]
public sealed class ReadmeTourTests
{
    private const string DemoDomain = "demo.sendgateway.test";
    private DirectoryInfo _folder = null!;
    private Process _sink = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private Dictionary<string, string> _banner = null!;

    private string Mail => Path.Combine(_folder.FullName, ".data", "mail");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = Directory.CreateTempSubdirectory("sg-tour-");
        var sinkPort = ProcessRunner.FreePort();
        var sink = Path.Combine(TestPaths.RepositoryRoot(), "src", "SendGateway.Sink", "bin", "Release", "net10.0", "SendGateway.Sink.dll");
        Assert.That(File.Exists(sink), Is.True, $"{sink} is built with the solution");
        _sink = Process.Start(new ProcessStartInfo("dotnet", [sink, "--listen", $"127.0.0.1:{sinkPort}", "--dir", Mail]) { RedirectStandardOutput = true })!;
        var listening = await _sink.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(listening, Does.Contain("capture sink listening"));
        _ = _sink.StandardOutput.ReadToEndAsync(); // drained, so the sink never blocks on a full pipe

        // As make run: every message to the capture sink, webhooks to this machine allowed (the factory's default).
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?> { ["SendGateway:Delivery:Routes:*"] = $"127.0.0.1:{sinkPort}" });
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        TestEnvironment.Dns.AddA("app.example.com", "127.0.0.1"); // the webhook page's endpoint (private addresses are allowed here, as in make run)
        await SendGatewayFactory.AddDomainAsync(_tenant, DemoDomain);
        var credentials = await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "tour" });
        credentials.EnsureSuccessStatusCode();
        var login = await credentials.Content.ReadFromJsonAsync<JsonElement>();
        _banner = new Dictionary<string, string>
        {
            ["SG_URL"] = $"http://127.0.0.1:{_factory.HttpPort}",
            ["SG_KEY"] = _tenant.ApiKey,
            ["SG_RELAY"] = $"127.0.0.1:{_factory.SubmissionPort}",
            ["SG_SMTP_USER"] = login.GetProperty("username").GetString()!,
            ["SG_SMTP_PASSWORD"] = login.GetProperty("password").GetString()!,
        };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_sink is not null)
        {
            _sink.Kill(entireProcessTree: true);
            await _sink.WaitForExitAsync();
            _sink.Dispose();
        }

        _folder?.Delete(recursive: true);
    }

    [Test]
    public async Task TheReadmeTourRunsAsWrittenAndItsMailReachesTheSink()
    {
        var blocks = TourBlocks.In(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "README.md")));
        Assert.That(blocks, Has.Count.EqualTo(3), "REST send, SMTP relay and webhook blocks are marked <!-- tour -->");
        foreach (var block in blocks)
        {
            await RunAsync(block);
        }

        await ExpectMailAsync("Subject: Hello Ann", "Subject: Hi from SMTP");
    }

    /// <summary>A page's marked samples run in order in one shell, as a reader pastes them into one terminal (a later
    /// sample may use what an earlier one set, e.g. the answer of a send).</summary>
    [TestCase("docs/getting-started/make-run.md", true)]
    [TestCase("docs/sending/rest.md", true)]
    [TestCase("docs/sending/smtp-relay.md", true)]
    [TestCase("docs/sending/templates.md", true)]
    [TestCase("docs/sending/suppressions.md", false)]
    [TestCase("docs/domains/dns.md", false)]
    [TestCase("docs/webhooks/receiving.md", false)]
    public async Task TheGuidesMarkedSamplesRunAsWritten(string page, bool sendsMail)
    {
        var blocks = TourBlocks.In(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), page)));
        Assert.That(blocks, Is.Not.Empty, $"{page} marks its samples <!-- tour -->");
        var before = Directory.GetFiles(Mail, "*.eml").Length;
        await RunAsync(string.Join('\n', blocks));
        if (sendsMail)
        {
            var delivered = await Polling.UntilAsync(() => Task.FromResult(Directory.GetFiles(Mail, "*.eml").Length), n => n > before, TimeSpan.FromSeconds(60));
            Assert.That(delivered, Is.GreaterThan(before), "the sample's message reached the sink");
        }
    }

    private async Task RunAsync(string block)
    {
        // curl as written, but failing on an HTTP error status so a refused request fails the block.
        var script = "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n" + TourBlocks.Runnable(block, _banner);
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = _folder.FullName, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in _banner)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.That(process.ExitCode, Is.EqualTo(0), $"{block}\n---\n{await output}{await error}");
    }

    private async Task ExpectMailAsync(params string[] subjects)
    {
        var found = await Polling.UntilAsync(
            () => Task.FromResult(Directory.GetFiles(Mail, "*.eml").Select(File.ReadAllText).ToList()),
            mails => subjects.All(s => mails.Any(m => m.Contains(s, StringComparison.Ordinal))), TimeSpan.FromSeconds(60));
        foreach (var subject in subjects)
        {
            Assert.That(found.Any(m => m.Contains(subject, StringComparison.Ordinal)), Is.True, $"a message with '{subject}' reached the sink");
        }
    }
}
