using System.Text.RegularExpressions;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// Every problem type code the server answers with has its entry on the guide's page of problem types
/// (docs/troubleshooting/problems.md), and no entry outlives its code.
/// </summary>
[TestFixture]
public sealed partial class ProblemTypesTests
{
    private static string RepositoryPath(params string[] parts) => Path.Combine([TestPaths.RepositoryRoot(), .. parts]);

    [Test]
    public async Task EveryProblemTypeTheServerAnswersWithHasItsEntryInTheGuide()
    {
        var codes = ProblemTypeCodes.InSource(RepositoryPath("src", "SendGateway.Server"));
        var page = await File.ReadAllTextAsync(RepositoryPath("docs", "troubleshooting", "problems.md"));
        var entries = Entry().Matches(page).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        // Codes reach the scan through each kind of maker: Problems.Status/Validation/NotFound and a parameter's default,
        // SubmissionResult's constructor (target-typed new) and Invalid, MessageSubmission's own Invalid.
        Assert.That(codes, Is.SupersetOf(new[] { "rate_limited", "validation_error", "not_found", "backpressure", "message_too_large", "domain_not_verified" }));
        Assert.That(codes, Has.None.EqualTo("accepted"), "a success made through the same constructor is no problem");
        Assert.That(codes.Where(c => !entries.Contains(c)), Is.Empty, "codes without an entry ('## code') in docs/troubleshooting/problems.md");
        Assert.That(entries.Where(e => !codes.Contains(e)), Is.Empty, "entries in docs/troubleshooting/problems.md for codes the server does not answer with");
    }

    /// <summary>A second-level heading that is a code: DocFX gives it that id, the fragment of the problem's type URI.</summary>
    [GeneratedRegex(@"^## ([a-z][a-z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex Entry();
}
