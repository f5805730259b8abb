using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// The folder check on small in-memory sources: each kind of dependency the IL does not show (an inlined constant,
/// an attribute argument, <c>nameof</c>, a generic constraint, a <c>using</c> alone) and the ones it does (a
/// parameter type, an extension method call) make an arrow with its file and line; a layer violation and two circles
/// at once are each reported.
/// </summary>
public sealed partial class FolderGraphTests
{
    private static readonly Lazy<List<MetadataReference>> Framework = new(() =>
        [.. ServerSources.HostReferences().Where(r => Path.GetFileName(r.Display!) is var f && (f.StartsWith("System.", StringComparison.Ordinal)
            || f is "System.dll" or "netstandard.dll" or "Microsoft.AspNetCore.Authorization.dll" or "Microsoft.AspNetCore.Metadata.dll"))]);

    private const string Names = """
        namespace SendGateway.Server.Kernel;
        public static class Names
        {
            public const string Tenant = "sg:tenant";
            public static void Run() { }
        }
        public interface IThing { }
        public sealed class Thing : IThing { }
        public static class ThingExtensions { public static int Twice(this int value) => 2 * value; }
        """;

    [Test]
    public void AnInlinedConstantIsAnArrow() =>
        AssertArrow("""
            namespace SendGateway.Server.Feature;
            public static class Reader
            {
                public static string Claim() => Kernel.Names.Tenant;
            }
            """, "Feature/File.cs:4");

    [Test]
    public void AnAttributeArgumentIsAnArrow() =>
        AssertArrow("""
            using Microsoft.AspNetCore.Authorization;
            namespace SendGateway.Server.Feature;
            [Authorize(Policy = SendGateway.Server.Kernel.Names.Tenant)]
            public sealed class Page { }
            """, "Feature/File.cs:3");

    [Test]
    public void NameofIsAnArrow() =>
        AssertArrow("""
            namespace SendGateway.Server.Feature;
            public static class Logs
            {
                public static string Which() => nameof(Kernel.Names.Run);
            }
            """, "Feature/File.cs:4");

    [Test]
    public void AGenericConstraintIsAnArrow() =>
        AssertArrow("""
            namespace SendGateway.Server.Feature;
            public sealed class Box<T> where T : Kernel.IThing { }
            """, "Feature/File.cs:2");

    [Test]
    public void AParameterTypeIsAnArrow() =>
        AssertArrow("""
            namespace SendGateway.Server.Feature;
            public static class Taker
            {
                public static void Take(Kernel.Thing? thing) { }
            }
            """, "Feature/File.cs:4");

    [Test]
    public void AnExtensionMethodCallIsAnArrow() =>
        AssertArrow("""
            namespace SendGateway.Server.Feature;
            public static class Caller
            {
                public static int Four() => 2.Twice();
            }
            """, "Feature/File.cs:4", "global using SendGateway.Server.Kernel;"); // a global using belongs to no folder

    [Test]
    public void AUsingAloneIsAnArrow() =>
        AssertArrow("""
            using SendGateway.Server.Kernel;
            namespace SendGateway.Server.Feature;
            public static class Nothing { }
            """, "Feature/File.cs:1");

    [Test]
    public void AnArrowToAHigherLayerIsReported()
    {
        var graph = Graph(
            "namespace SendGateway.Server.Kernel;\npublic interface IOwned { Feature.Page? Owner { get; } }",
            "namespace SendGateway.Server.Feature;\npublic sealed class Page : Kernel.IOwned { public Page? Owner => null; }");
        var layers = new Dictionary<string, Layers.Place> { ["Kernel"] = new(0, "below"), ["Feature"] = new(1, "above") };

        var violations = graph.LayerViolations(layers, new HashSet<(string, string)>());

        Assert.That(violations, Is.EqualTo(new[] { "Kernel (0) -> Feature (1): Kernel/File.cs:2 Kernel.IOwned names Feature.Page" }));
        Assert.That(graph.LayerViolations(layers, new HashSet<(string, string)> { ("Kernel", "Feature") }), Is.Empty, "a listed exception is not reported");
    }

    [Test]
    public void EveryCircleIsReportedWithEvidencePerStep()
    {
        var graph = Graph(
            "namespace SendGateway.Server.A;\npublic static class X { public const int N = B.Y.N; }",
            "namespace SendGateway.Server.B;\npublic static class Y { public const int N = 1; public static string M() => nameof(A.X); }",
            "namespace SendGateway.Server.C;\npublic sealed class Z<T> where T : D.IW { }",
            "namespace SendGateway.Server.D;\npublic interface IW { [System.Obsolete(C.V.Why)] void Old(); }",
            "namespace SendGateway.Server.C;\npublic static class V { public const string Why = \"why\"; }");

        Assert.That(graph.Circles(), Is.EqualTo(new[]
        {
            "A [A/File.cs:2 A.X names B.Y] -> B [B/File.cs:2 B.Y names A.X] -> A",
            "C [C/File.cs:2 C.Z names D.IW] -> D [D/File.cs:2 D.IW names C.V] -> C",
        }));
    }

    [Test]
    public void AFolderOutsideTheTableIsNamed() =>
        Assert.That(Layers.Unplaced(["Common", "Queue", "Somewhere"]), Is.EqualTo(new[] { "Somewhere" }));

    private static void AssertArrow(string feature, string where, params string[] more)
    {
        Assert.That(Graph(Names).Edges, Is.Empty, "the kernel alone has no arrow");

        var graph = Graph([Names, feature, .. more]);

        Assert.That(graph.Edges.GetValueOrDefault("Feature")?.GetValueOrDefault("Kernel"), Does.StartWith(where + " "));
        Assert.That(graph.Edges.Keys, Is.EqualTo(new[] { "Feature" }), "no arrow back");
    }

    [GeneratedRegex(@"namespace SendGateway\.Server\.(\w+)")]
    private static partial Regex FolderOf();

    /// <summary>The folder graph of sources, each in <c>src/SendGateway.Server/&lt;its folder&gt;/File.cs</c>.</summary>
    private static FolderGraph Graph(params string[] sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, path: $"/src/SendGateway.Server/{FolderOf().Match(s).Groups[1].Value}/File.cs"));
        var compilation = CSharpCompilation.Create("Sample", trees, Framework.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the sample compiles");
        return FolderGraph.From(SourceReferences.Of(compilation));
    }
}
