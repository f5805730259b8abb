using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// The guide's configuration reference cannot drift from the code: docs/reference/configuration.md is what the options
/// classes generate (<see cref="ConfigurationReference"/>).
/// </summary>
[TestFixture]
public sealed class ConfigurationReferenceTests
{
    /// <summary>
    /// docs/reference/configuration.md must equal what the options classes generate. After adding or changing an option,
    /// regenerate it with <c>make docs-reference</c> (sets UPDATE_DOCS_REFERENCE=1) and commit it with the code.
    /// </summary>
    [Test]
    public async Task TheConfigurationReferenceMatchesTheOptionsClasses()
    {
        await using (var factory = new SendGatewayFactory(roles: "api"))
        {
            _ = factory.Services; // the host is built: every options type is registered with its section
        }

        var generated = ConfigurationReference.Generate();
        var path = Path.Combine(TestPaths.RepositoryRoot(), "docs", "reference", "configuration.md");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS_REFERENCE") == "1")
        {
            await File.WriteAllTextAsync(path, generated);
        }

        Assert.That(generated, Does.Contain("| `SendGateway:Delivery:Concurrency` | integer | `32` | 1 to 4096 |"), "a known option as the generator writes it");
        Assert.That(generated, Does.Contain("`SendGateway:Delivery:Retry:"), "nested options are listed under their parent's keys");
        Assert.That(File.Exists(path), Is.True, "docs/reference/configuration.md is missing: run make docs-reference");
        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(generated),
            "docs/reference/configuration.md differs from what the options classes generate: run make docs-reference and review the diff");
    }
}
