using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SendGateway.Server.Delivery.Shaping.Rules;

namespace SendGateway.Server.Tests.ShapingRules;

/// <summary>The rules in effect follow the operator's file's content: a good change is swapped in, a bad or missing file keeps them.</summary>
[TestFixture]
public sealed class LiveRulesReloadTests
{
    private string _path = null!;

    [SetUp]
    public void WriteFile()
    {
        _path = Path.Combine(Path.GetTempPath(), $"shaping-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(_path, Rules("1"));
    }

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    private static string Rules(string version) => $"version: \"{version}\"\nrules:\n  - name: mine\n    code: 421\n    action: classify\n    hint: v{version}\n";

    private LiveShapingRuleSet Start() => new(Options.Create(new ShapingRulesOptions { OperatorFile = _path }), NullLogger<LiveShapingRuleSet>.Instance);

    [Test]
    public void AChangedFileIsSwappedInAndAnUnchangedOneIsNotReadAgainAsNew()
    {
        var live = Start();
        Assert.That(live.ReloadIfChanged(), Is.False, "same content");

        File.WriteAllText(_path, Rules("2"));
        Assert.That(live.ReloadIfChanged(), Is.True);
        Assert.That(live.Current.Version, Does.EndWith("operator 2"));
        Assert.That(live.Current.Match(null, 421, null, "421 later")!.Hint, Is.EqualTo("v2"));
    }

    [Test]
    public void ABadOrMissingFileKeepsTheRulesInEffect()
    {
        var live = Start();
        var before = live.Current;

        File.WriteAllText(_path, "version: \"2\"\nrules: [oops\n");
        Assert.That(live.ReloadIfChanged(), Is.False);
        File.Delete(_path);
        Assert.That(live.ReloadIfChanged(), Is.False);

        Assert.That(live.Current, Is.SameAs(before));
        File.WriteAllText(_path, Rules("3"));
        Assert.That(live.ReloadIfChanged(), Is.True, "a good file after a bad one is applied");
    }
}
