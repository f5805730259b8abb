namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The feature folders (one namespace each: <c>SendGateway.Server.&lt;Folder&gt;[.&lt;Sub&gt;]</c>) depend on each other
/// without a circle and only down the layers of <see cref="Layers"/>. One graph holds what the compiled server
/// assembly uses (<see cref="TypeReferences"/>, IL and metadata) and what its sources and Razor pages name
/// (<see cref="SourceReferences"/>: inlined constants, attributes, <c>nameof</c>, constraints, <c>using</c>s). A failure
/// names every circle or arrow with evidence (file:line or type pair) per step, so the place to cut is named.
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly Lazy<List<SourceReferences.Reference>> Sources = new(() => SourceReferences.Of(ServerSources.Compilation));
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Il = new(() => TypeReferences.Of(typeof(Common.Ids).Assembly));
    private static readonly Lazy<FolderGraph> Server = new(() => FolderGraph.From(Sources.Value, Il.Value));

    [Test]
    public void BothPassesSeeTheFolders()
    {
        var il = FolderGraph.From([], Il.Value);
        var source = FolderGraph.From(Sources.Value);

        Assert.That(il.Edges, Has.Count.GreaterThan(10), "the IL reader found the folders' references");
        Assert.That(source.Edges, Has.Count.GreaterThan(10), "the source reader found the folders' references");
        Assert.That(il.Edges.GetValueOrDefault("Delivery")?.ContainsKey("Queue"), Is.True, "a known arrow is seen in the IL (Delivery -> Queue)");
        Assert.That(source.Edges.GetValueOrDefault("Delivery")?.ContainsKey("Queue"), Is.True, "a known arrow is seen in the sources (Delivery -> Queue)");
        Assert.That(source.Edges.Where(e => e.Value.Values.Any(w => w.Contains(".razor:", StringComparison.Ordinal))), Is.Not.Empty, "the Razor pages are read");
    }

    [Test]
    public void EveryFolderHasALayer()
    {
        var folders = Directory.EnumerateDirectories(ServerSources.ProjectFolder).Select(Path.GetFileName).OfType<string>()
            .Where(d => d is not ("bin" or "obj" or "Properties")).Concat(Server.Value.Folders);

        Assert.That(Layers.Unplaced(folders), Is.Empty, "give each new folder a layer and a reason in Architecture/Layers.cs");
    }

    [Test]
    public void TheFeatureFoldersFormNoCircle()
    {
        var circles = Server.Value.Circles();

        Assert.That(circles, Is.Empty, "circles:\n" + string.Join("\n", circles));
    }

    [Test]
    public void EveryArrowPointsDownTheLayers()
    {
        var violations = Server.Value.LayerViolations(Layers.Table, Layers.KnownExceptions);

        Assert.That(violations, Is.Empty, "arrows to a higher layer (Architecture/Layers.cs):\n" + string.Join("\n", violations));
    }

    [Test]
    public void EveryKnownExceptionIsStillAnArrowUp()
    {
        var gone = Layers.KnownExceptions.Where(e => !(Server.Value.Edges.GetValueOrDefault(e.From)?.ContainsKey(e.To) ?? false)
            || Layers.Table[e.To].Layer <= Layers.Table[e.From].Layer).ToList();

        Assert.That(gone, Is.Empty, "no longer an arrow up: remove from Layers.KnownExceptions");
    }
}
