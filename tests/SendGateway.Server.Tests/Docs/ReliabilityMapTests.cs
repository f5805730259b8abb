namespace SendGateway.Server.Tests.Docs;

/// <summary>
/// docs/reliability.md, the map of the reliability catalogue's cases to the tests that drive them, stays true: every
/// case of sections A to H has one row under its section, every verdict is one the page explains, a row that claims a
/// test names one, every test named exists in the sources under tests/, and the summary counts the rows. Renaming or
/// deleting a test the map names fails here until the map is updated.
/// </summary>
[TestFixture]
public sealed class ReliabilityMapTests
{
    private static readonly Lazy<string> Page = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "reliability.md")));
    private static readonly Lazy<IReadOnlyList<ReliabilityMapRow>> Rows = new(() => ReliabilityMap.Read(Page.Value));

    [Test]
    public void EveryCaseOfSectionsAToHHasOneRowInItsSection() =>
        Assert.That(ReliabilityMap.CaseProblems(Rows.Value), Is.Empty);

    [Test]
    public void EveryVerdictIsAllowedACoveringRowNamesATestAndARowWithoutOneSaysWhy() =>
        Assert.That(ReliabilityMap.VerdictProblems(Rows.Value), Is.Empty);

    [Test]
    public void EveryTestTheMapNamesExists()
    {
        var tests = TestSources.In(Path.Combine(RepositoryRoot(), "tests"));
        Assert.That(Rows.Value.SelectMany(r => r.Tests), Is.Not.Empty, "the map names tests as `Class.Method`");
        Assert.That(ReliabilityMap.MissingTests(Rows.Value, tests), Is.Empty);
    }

    [Test]
    public void TheSummaryCountsTheRows() =>
        Assert.That(ReliabilityMap.SummaryProblems(Page.Value, Rows.Value), Is.Empty);

    /// <summary>The check itself: a row naming a test the sources do not have is reported, a real one is not.</summary>
    [Test]
    public void ATestThatIsNotInTheSourcesIsReported()
    {
        var page = """
            ## A. SMTP input

            | Case | Fault | Tests | What they assert | Verdict | Note |
            |---|---|---|---|---|---|
            | T01 | smuggling | `ReliabilityMapTests.EveryTestTheMapNamesExists`; `ReliabilityMapTests.ARenamedTest` | — | covered | — |
            """;
        var problems = ReliabilityMap.MissingTests(ReliabilityMap.Read(page), TestSources.In(Path.Combine(RepositoryRoot(), "tests"))).ToList();

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("ReliabilityMapTests has no test method ARenamedTest"));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SendGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No SendGateway.sln above " + AppContext.BaseDirectory);
    }
}
