using System.IO.Compression;
using System.Xml.Linq;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Clients;

/// <summary>
/// <c>dotnet pack</c> gives the client package (README, XML docs, repository commit, only the two Microsoft.Extensions
/// dependencies), and <c>samples/SendGateway.Sample</c>, built from that package alone (a folder feed, never the
/// repository's projects), sends a message, waits for <c>ok</c> and verifies the webhook against a real server.
/// </summary>
[TestFixture]
public sealed class ClientPackageTests() : TenantFixture("api,relay,delivery,events", "sample-acme.test")
{
    private string _work = null!;

    [SetUp]
    public void CreateFolder() => _work = Directory.CreateTempSubdirectory("sg-client-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_work, recursive: true);

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, int seconds = 300)
    {
        var start = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepositoryRoot() };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        var text = await output + await errors;
        Assert.That(process.HasExited && process.ExitCode == 0, Is.True, $"{file} {string.Join(' ', arguments)} failed:\n{text}");
        return text;
    }

    /// <summary>A version of its own, so the sample's restore cannot pick a copy of the package some earlier run left in a cache.</summary>
    private readonly string _version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    private async Task<string> PackAsync()
    {
        var feed = Path.Combine(_work, "feed");
        var project = Path.Combine(TestPaths.RepositoryRoot(), "src", "SendGateway.Client", "SendGateway.Client.csproj");
        // The test run built the client already (make test builds the solution in Release).
        await RunAsync("dotnet", ["pack", project, "-c", "Release", "--no-build", "-o", feed, "-nologo", "-v", "quiet", $"-p:PackageVersion={_version}"]);
        return feed;
    }

    [Test]
    public async Task PackGivesAPackageWithReadmeXmlDocsRepositoryCommitAndOnlyTheHttpDependencies()
    {
        var feed = await PackAsync();
        var package = Directory.GetFiles(feed, "SendGateway.Client.*.nupkg").Single();
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("README.md").And.Contain("lib/net10.0/SendGateway.Client.dll").And.Contain("lib/net10.0/SendGateway.Client.xml"));
        XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
        await using var nuspecStream = zip.GetEntry("SendGateway.Client.nuspec")!.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var metadata = nuspec.Root!.Element(ns + "metadata")!;
        Assert.That(metadata.Element(ns + "version")!.Value, Is.EqualTo(_version));
        Assert.That(metadata.Element(ns + "readme")!.Value, Is.EqualTo("README.md"));
        Assert.That(metadata.Element(ns + "repository")?.Attribute("commit")?.Value, Does.Match("^[0-9a-f]{40}$"), "the commit it was built from");
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).Order().ToList();
        Assert.That(dependencies, Is.EqualTo(new[] { "Microsoft.Extensions.Http", "Microsoft.Extensions.Http.Resilience" }));
        using var docs = new StreamReader(zip.GetEntry("lib/net10.0/SendGateway.Client.xml")!.Open());
        Assert.That(await docs.ReadToEndAsync(), Does.Contain("M:SendGateway.Client.MessagesClient.SendAsync"));
    }

    [Test]
    public async Task TheSampleBuiltFromThePackageSendsWaitsForOkAndVerifiesTheWebhook()
    {
        var feed = await PackAsync();
        var samples = Path.Combine(_work, "samples");
        var source = Path.Combine(TestPaths.RepositoryRoot(), "samples");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(samples, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // Only the package's own folder feed, plus the machine's package cache for its Microsoft.Extensions dependencies.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var project = Path.Combine(samples, "SendGateway.Sample", "SendGateway.Sample.csproj");
        var output = Path.Combine(_work, "out");
        await RunAsync("dotnet", ["build", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet", $"-p:SendGatewayClientVersion={_version}",
            $"-p:RestorePackagesPath={Path.Combine(_work, "packages")}", $"-p:RestoreSources={feed};{cache};https://api.nuget.org/v3/index.json"]);
        var references = File.ReadAllText(Path.Combine(samples, "SendGateway.Sample", "obj", "project.assets.json"));
        Assert.That(references, Does.Contain($"\"SendGateway.Client/{_version}\"").And.Contain("\"type\": \"package\""), "the sample uses the package");

        var printed = await RunAsync("dotnet", [Path.Combine(output, "SendGateway.Sample.dll")], new Dictionary<string, string>
        {
            ["SENDGATEWAY_URL"] = $"http://127.0.0.1:{Factory.HttpPort}/",
            ["SENDGATEWAY_API_KEY"] = Tenant.ApiKey,
            ["SENDGATEWAY_FROM"] = $"hello@{SenderDomain}",
        }, seconds: 120);
        Assert.That(printed, Does.Contain("event ").And.Contain(" ok "));
        Assert.That(printed, Does.Contain("verified: ok msg_"));
        Assert.That(printed, Does.Contain("done: sent, delivered and reported by a verified webhook"));
    }
}
