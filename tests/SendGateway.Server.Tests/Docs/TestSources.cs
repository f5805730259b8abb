using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SendGateway.Server.Tests.Docs;

/// <summary>
/// The tests of every test project, read from their source files under tests/ (not from assemblies, so this works
/// without loading the integration tests): each class name with the public methods that carry an NUnit test attribute
/// (<c>Test</c>, <c>TestCase</c>, <c>TestCaseSource</c>). A partial class's parts are one class.
/// </summary>
public static class TestSources
{
    private static readonly string[] TestAttributes = ["Test", "TestCase", "TestCaseSource"];

    /// <summary>class name → its test methods, for every .cs file under <paramref name="testsFolder"/> (bin and obj left out).</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> In(string testsFolder)
    {
        var tests = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(testsFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"));
        foreach (var file in files)
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview)).GetRoot();
            foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var methods = tests.TryGetValue(type.Identifier.Text, out var known) ? known : tests[type.Identifier.Text] = new HashSet<string>(StringComparer.Ordinal);
                methods.UnionWith(type.Members.OfType<MethodDeclarationSyntax>()
                    .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.AttributeLists.SelectMany(l => l.Attributes).Any(IsTestAttribute))
                    .Select(m => m.Identifier.Text));
            }
        }

        return tests;
    }

    private static bool IsTestAttribute(AttributeSyntax attribute)
    {
        var name = attribute.Name.ToString();
        name = name[(name.LastIndexOf('.') + 1)..];
        return TestAttributes.Any(t => name == t || name == t + "Attribute");
    }
}
