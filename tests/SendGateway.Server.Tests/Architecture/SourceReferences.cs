using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SendGateway.Server.Tests.Architecture;

/// <summary>
/// Which of a compilation's own types and namespaces each of its types names in its source, read with the semantic
/// model: every name (types, members, constants the compiler inlines, attribute arguments, <c>nameof</c>, generic
/// constraints, parameter types, extension method calls) resolves to the type that declares it, and every
/// <c>using</c> directive to the namespace or type it names. What the IL of <see cref="TypeReferences"/> cannot show.
/// Nested types count as their outermost type; names in doc comments do not count.
/// </summary>
public static class SourceReferences
{
    private const string SourceRoot = "SendGateway.Server/";

    /// <summary>One reference: <paramref name="From"/> (a type, or <c>Namespace.*</c> for a file's <c>using</c>) names
    /// <paramref name="To"/> (a type, or <c>Namespace.*</c>) at <paramref name="Where"/> (file:line).</summary>
    public sealed record Reference(string From, string To, string Where);

    public static List<Reference> Of(Compilation compilation)
    {
        // Only a name some own type or member (or alias) is called can name one: binding the rest is wasted time.
        var own = compilation.GetSymbolsWithName(_ => true, SymbolFilter.TypeAndMember).Select(s => s.Name)
            .Concat(compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                .OfType<UsingDirectiveSyntax>().Select(u => u.Alias?.Name.Identifier.ValueText).OfType<string>()))
            .ToHashSet(StringComparer.Ordinal);
        // Trees in parallel (a semantic model is safe to share), kept in order so the first evidence is stable.
        return compilation.SyntaxTrees.AsParallel().AsOrdered().SelectMany(tree => OfTree(compilation, own, tree)).ToList();
    }

    private static List<Reference> OfTree(Compilation compilation, HashSet<string> own, SyntaxTree tree)
    {
        var found = new List<Reference>();
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        var fileNamespace = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
        foreach (var node in root.DescendantNodes())
        {
            var reference = node switch
            {
                UsingDirectiveSyntax u when fileNamespace is not null => Using(model, u, fileNamespace),
                SimpleNameSyntax n when (own.Contains(n.Identifier.ValueText) || own.Contains(n.Identifier.ValueText + "Attribute")) && !InDeclarationName(n) => Name(model, n),
                _ => null,
            };
            if (reference is not null && Own(compilation, reference.Value.Target))
            {
                found.Add(new Reference(reference.Value.From, FullName(reference.Value.Target), Where(node)));
            }
        }

        return found;
    }

    private static (string From, ISymbol Target)? Using(SemanticModel model, UsingDirectiveSyntax directive, string fileNamespace) =>
        model.GetSymbolInfo(directive.NamespaceOrType).Symbol is { } target ? (fileNamespace + ".*", target) : null;

    private static (string From, ISymbol Target)? Name(SemanticModel model, SimpleNameSyntax name)
    {
        if (name.Ancestors().OfType<BaseTypeDeclarationSyntax>().LastOrDefault() is not { } outermost
            || model.GetDeclaredSymbol(outermost) is not INamedTypeSymbol from)
        {
            return null; // top-level statements (Program.cs) belong to no folder
        }

        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault(); // nameof(method group) gives candidates
        var target = symbol switch
        {
            INamedTypeSymbol type => Outermost(type),
            IMethodSymbol { ReducedFrom: { } extension } => Outermost(extension.ContainingType),
            IMethodSymbol or IFieldSymbol or IPropertySymbol or IEventSymbol => Outermost(symbol.ContainingType),
            _ => null, // namespaces (their types follow), locals, parameters, labels
        };
        return target is null ? null : (FullName(from), target);
    }

    /// <summary>Names that declare rather than use: namespace names and the <c>using</c> names (read whole above).</summary>
    private static bool InDeclarationName(SimpleNameSyntax name) =>
        name.Ancestors().Any(a => a is UsingDirectiveSyntax || (a is BaseNamespaceDeclarationSyntax ns && ns.Name.Span.Contains(name.Span)));

    private static INamedTypeSymbol? Outermost(INamedTypeSymbol? type)
    {
        while (type?.ContainingType is { } outer)
        {
            type = outer;
        }

        return type?.OriginalDefinition;
    }

    private static bool Own(Compilation compilation, ISymbol symbol) => symbol is INamespaceSymbol ns
        ? ns.ConstituentNamespaces.Any(c => SymbolEqualityComparer.Default.Equals(c.ContainingAssembly, compilation.Assembly))
        : SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly);

    private static string FullName(ISymbol symbol) => symbol is INamespaceSymbol ? symbol.ToDisplayString() + ".*" :
        symbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted)
            .WithGenericsOptions(SymbolDisplayGenericsOptions.None));

    /// <summary>file:line, through <c>#line</c> (a Razor page's generated C# points at the .razor line).</summary>
    private static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetMappedLineSpan();
        var path = span.Path.Replace('\\', '/');
        var folder = path.LastIndexOf(SourceRoot, StringComparison.Ordinal);
        return $"{(folder < 0 ? Path.GetFileName(path) : path[(folder + SourceRoot.Length)..])}:{span.StartLinePosition.Line + 1}";
    }
}
