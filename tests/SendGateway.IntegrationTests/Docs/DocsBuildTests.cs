using System.Text.RegularExpressions;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// <c>make docs</c> as CI runs it through <c>make test</c>: DocFX builds the guide with warnings as errors (a broken link
/// or a missing page fails), Redocly renders the OpenAPI document into it, and every problem type's entry has the id its
/// type URI's fragment names.
/// </summary>
[TestFixture]
public sealed partial class DocsBuildTests
{
    [Test]
    public async Task TheGuideBuildsWithoutWarningsAndHoldsTheReferences()
    {
        var root = TestPaths.RepositoryRoot();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8)); // tool restore and npm ci on a fresh machine
        var (exit, output) = await ProcessRunner.CaptureAsync("bash", [Path.Combine(root, "scripts", "docs.sh")], timeout.Token);
        Assert.That(exit, Is.EqualTo(0), output);

        var site = Path.Combine(root, "docs", "_site");
        Assert.That(File.ReadAllText(Path.Combine(site, "api", "index.html")), Does.Contain("SendGateway HTTP API").And.Contain("/v1/messages"));
        Assert.That(File.ReadAllText(Path.Combine(site, "reference", "configuration.html")), Does.Contain("SendGateway:Delivery:Concurrency"));
        Assert.That(File.Exists(Path.Combine(site, "performance", "capacity.html")), Is.True);

        var source = File.ReadAllText(Path.Combine(root, "docs", "troubleshooting", "problems.md"));
        var page = File.ReadAllText(Path.Combine(site, "troubleshooting", "problems.html"));
        var codes = Entry().Matches(source).Select(m => m.Groups[1].Value).ToList();
        Assert.That(codes, Is.Not.Empty);
        Assert.That(codes.Where(c => !page.Contains($"id=\"{c}\"", StringComparison.Ordinal)), Is.Empty, "entries whose heading has no id equal to its code");
    }

    [GeneratedRegex(@"^## ([a-z][a-z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex Entry();
}
