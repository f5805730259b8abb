using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SendGateway.Server.Common;
using SendGateway.Server.Messages;

namespace SendGateway.IntegrationTests.Docs;

/// <summary>
/// Every problem code the server's source can answer with: the string literals passed as the <c>type</c> parameter of
/// the methods and constructors that make problems (found by reflection: those of <see cref="Problems"/>, and every method
/// or constructor returning a <see cref="ProblemHttpResult"/> or a <see cref="SubmissionResult"/>), and those parameters'
/// defaults, and the rule constants of the refusal types (<c>*Refusal</c>), which answer with the rule they hold. Other
/// arguments that are not literals are left out: they carry codes written as literals elsewhere.
/// </summary>
internal static class ProblemTypeCodes
{
    public static SortedSet<string> InSource(string sourceFolder)
    {
        var makers = Makers();
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var parameter in makers.Values.Where(p => p.HasDefaultValue && p.DefaultValue is string))
        {
            codes.Add((string)parameter.DefaultValue!);
        }

        // A refusal type (Tenants/RoleRefusal) names its rules as constants and answers with the one it holds.
        foreach (var refusal in typeof(Problems).Assembly.GetTypes().Where(t => t.Name.EndsWith("Refusal", StringComparison.Ordinal)))
        {
            foreach (var rule in refusal.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string)))
            {
                codes.Add((string)rule.GetRawConstantValue()!);
            }
        }

        foreach (var file in Directory.EnumerateFiles(sourceFolder, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
            foreach (var call in root.DescendantNodes().OfType<ExpressionSyntax>())
            {
                if (TypeArgument(call, makers) is { } argument)
                {
                    foreach (var literal in argument.DescendantNodesAndSelf().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)))
                    {
                        codes.Add(literal.Token.ValueText);
                    }
                }
            }
        }

        return codes;
    }

    /// <summary>"Type.Method" (".ctor" for constructors) of every maker, with its <c>type</c> parameter.</summary>
    private static Dictionary<string, ParameterInfo> Makers()
    {
        var makers = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in typeof(Problems).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Where(m => type == typeof(Problems) || m.ReturnType == typeof(ProblemHttpResult) || m.ReturnType == typeof(SubmissionResult)))
            {
                Add(makers, $"{type.Name}.{method.Name}", method);
            }

            if (type == typeof(SubmissionResult))
            {
                foreach (var constructor in type.GetConstructors(all))
                {
                    Add(makers, $"{type.Name}..ctor", constructor);
                }
            }
        }

        return makers;
    }

    private static void Add(Dictionary<string, ParameterInfo> makers, string name, MethodBase method)
    {
        if (method.GetParameters().FirstOrDefault(p => string.Equals(p.Name, "type", StringComparison.OrdinalIgnoreCase) && p.ParameterType == typeof(string)) is { } parameter)
        {
            makers.TryAdd(name, parameter);
        }
    }

    /// <summary>The argument given for a maker's <c>type</c> parameter, when <paramref name="call"/> calls a maker.</summary>
    private static ExpressionSyntax? TypeArgument(ExpressionSyntax call, Dictionary<string, ParameterInfo> makers)
    {
        var (name, arguments) = call switch
        {
            InvocationExpressionSyntax i => (MakerName(i), i.ArgumentList),
            ObjectCreationExpressionSyntax o => ($"{Last(o.Type)}..ctor", o.ArgumentList),
            // new(...) where a SubmissionResult is made: in a member of SubmissionResult or one declared to return it
            ImplicitObjectCreationExpressionSyntax n when ReturnsSubmissionResult(n) => ($"{nameof(SubmissionResult)}..ctor", n.ArgumentList),
            _ => (null, null),
        };
        if (name is null || arguments is null || !makers.TryGetValue(name, out var parameter))
        {
            return null;
        }

        if (arguments.Arguments.FirstOrDefault(a => string.Equals(a.NameColon?.Name.Identifier.ValueText, "type", StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return named.Expression;
        }

        var positional = arguments.Arguments.Where(a => a.NameColon is null).ToList();
        // A success (a 2xx status) made through the same constructor is no problem.
        var success = positional.Any(a => a.Expression.ToString().StartsWith("StatusCodes.Status2", StringComparison.Ordinal));
        return !success && parameter.Position < positional.Count ? positional[parameter.Position].Expression : null;
    }

    /// <summary>"Problems.Status" for <c>Problems.Status(…)</c>; for an unqualified <c>Invalid(…)</c>, the enclosing class's name.</summary>
    private static string? MakerName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => $"{Last(member.Expression)}.{member.Name.Identifier.ValueText}",
        IdentifierNameSyntax identifier => $"{invocation.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText}.{identifier.Identifier.ValueText}",
        _ => null,
    };

    private static string Last(SyntaxNode node) => node.ToString().Split('.')[^1].Split('<')[0].Trim();

    private static bool ReturnsSubmissionResult(SyntaxNode node)
    {
        var returns = node.Ancestors().Select(a => a switch
        {
            MethodDeclarationSyntax m => m.ReturnType.ToString(),
            PropertyDeclarationSyntax p => p.Type.ToString(),
            LocalFunctionStatementSyntax f => f.ReturnType.ToString(),
            _ => null,
        }).FirstOrDefault(t => t is not null);
        return returns is not null && returns.Contains(nameof(SubmissionResult), StringComparison.Ordinal);
    }
}
