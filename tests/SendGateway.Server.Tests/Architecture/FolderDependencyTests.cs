namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The feature folders (one namespace each: <c>SendGateway.Server.&lt;Folder&gt;</c>) depend on each other without a
/// circle, read from the compiled server assembly (<see cref="TypeReferences"/>). A new reference that closes a circle
/// fails with the circle and one type pair per step, so the place to cut is named.
/// </summary>
public sealed class FolderDependencyTests
{
    private const string Root = "SendGateway.Server.";

    [Test]
    public void TheFeatureFoldersFormNoCircle()
    {
        var edges = new Dictionary<string, Dictionary<string, (string From, string To)>>();
        foreach (var (from, targets) in TypeReferences.Of(typeof(Common.Ids).Assembly))
        {
            foreach (var to in targets)
            {
                var (a, b) = (Folder(from), Folder(to));
                if (a is not null && b is not null && a != b)
                {
                    (edges.TryGetValue(a, out var out_) ? out_ : edges[a] = [])[b] = (from, to);
                }
            }
        }

        Assert.That(edges, Has.Count.GreaterThan(10), "the reader found the folders' references");
        Assert.That(edges.GetValueOrDefault("Delivery")?.ContainsKey("Queue"), Is.True, "a known arrow is seen (Delivery -> Queue)");
        var circle = FindCircle(edges);
        Assert.That(circle, Is.Null, circle is null ? null : "circle: " + string.Join(" -> ", circle.Zip(circle.Skip(1), (a, b) => $"{a} ({edges[a][b].From} uses {edges[a][b].To})")) + $" -> {circle[^1]}");
    }

    /// <summary>The folder of a type; null for types outside the feature folders (Program, generated code).</summary>
    private static string? Folder(string type)
    {
        if (!type.StartsWith(Root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = type[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    private static List<string>? FindCircle(Dictionary<string, Dictionary<string, (string, string)>> edges)
    {
        var state = new Dictionary<string, int>(); // 1 on the path, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path.Skip(path.IndexOf(next)), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Keys.OrderBy(k => k, StringComparer.Ordinal).Where(k => state.GetValueOrDefault(k) == 0).Select(Visit).FirstOrDefault(c => c is not null);
    }
}
