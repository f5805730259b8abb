namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The arrows between the server's feature folders (<c>SendGateway.Server.&lt;Folder&gt;[.&lt;Sub&gt;]</c>: the second
/// segment is the folder), each with the first evidence seen (a type pair or a source line), fed by both passes
/// (<see cref="TypeReferences"/> from the IL, <see cref="SourceReferences"/> from the sources). Reports every circle
/// and every arrow against a layer order.
/// </summary>
public sealed class FolderGraph
{
    private const string Root = "SendGateway.Server.";

    /// <summary>From folder → to folder → evidence.</summary>
    public SortedDictionary<string, SortedDictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>Every folder named by a reference, with arrows or not.</summary>
    public SortedSet<string> Folders { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// One graph of both passes. The evidence kept for an arrow is the most telling one: a named type or member in
    /// the source, else the IL's type pair, else a <c>using</c> line.
    /// </summary>
    public static FolderGraph From(IEnumerable<SourceReferences.Reference> sources, Dictionary<string, HashSet<string>>? il = null)
    {
        var graph = new FolderGraph();
        var all = sources.ToList();
        static bool IsUsing(SourceReferences.Reference r) => r.To.EndsWith(".*", StringComparison.Ordinal);
        foreach (var r in all.Where(r => !IsUsing(r)))
        {
            graph.Add(r.From, r.To, $"{r.Where} {Short(r.From)} names {Short(r.To)}");
        }

        foreach (var (from, targets) in (il ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var to in targets.Order(StringComparer.Ordinal))
            {
                graph.Add(from, to, $"IL: {Short(from)} uses {Short(to)}");
            }
        }

        foreach (var r in all.Where(IsUsing))
        {
            graph.Add(r.From, r.To, $"{r.Where} using {Short(r.To)[..^2]}");
        }

        return graph;
    }

    public void Add(string from, string to, string evidence)
    {
        var (a, b) = (Folder(from), Folder(to));
        foreach (var f in new[] { a, b }.OfType<string>())
        {
            Folders.Add(f);
        }

        if (a is not null && b is not null && a != b)
        {
            var targets = Edges.TryGetValue(a, out var t) ? t : Edges[a] = new(StringComparer.Ordinal);
            targets.TryAdd(b, evidence);
        }
    }

    /// <summary>The folder of a type or namespace; null outside the feature folders (Program, the root namespace).</summary>
    public static string? Folder(string name)
    {
        if (!name.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = name[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    /// <summary>
    /// Every elementary circle (Johnson's idea, small graph: each circle found from its smallest folder only), as
    /// "A -> B (evidence) -> … -> A", at most <paramref name="limit"/>.
    /// </summary>
    public List<string> Circles(int limit = 50)
    {
        var found = new List<string>();
        var nodes = Edges.Keys.ToList();
        foreach (var start in nodes)
        {
            var path = new List<string> { start };
            void Walk(string node)
            {
                foreach (var next in Edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
                {
                    if (found.Count >= limit)
                    {
                        return;
                    }

                    if (next == start)
                    {
                        found.Add(Describe([.. path, start]));
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }

            Walk(start);
        }

        return found;
    }

    /// <summary>
    /// Every arrow that points to a higher layer (<see cref="Layers"/>: an arrow may point to a lower layer or within
    /// its own), except the listed ones, as "A (layer) -> B (layer): evidence".
    /// </summary>
    public List<string> LayerViolations(IReadOnlyDictionary<string, Layers.Place> layers, IReadOnlySet<(string From, string To)> exceptions) =>
        [.. from a in Edges
            from b in a.Value
            where layers.ContainsKey(a.Key) && layers.ContainsKey(b.Key) && layers[b.Key].Layer > layers[a.Key].Layer && !exceptions.Contains((a.Key, b.Key))
            select $"{a.Key} ({layers[a.Key].Layer}) -> {b.Key} ({layers[b.Key].Layer}): {b.Value}"];

    private string Describe(List<string> circle) =>
        string.Join(" -> ", circle.Zip(circle.Skip(1), (a, b) => $"{a} [{Edges[a][b]}]")) + $" -> {circle[^1]}";

    private static string Short(string name) => name.StartsWith(Root, StringComparison.Ordinal) ? name[Root.Length..] : name;
}
