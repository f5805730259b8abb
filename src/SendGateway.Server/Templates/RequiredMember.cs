using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace SendGateway.Server.Templates;

/// <summary>A printed variable: when it has no value, its path is added to the render's missing list.</summary>
internal sealed class RequiredMember(MemberExpression member) : Expression
{
    public const string MissingKey = "sg.missing";

    public string Path { get; } = string.Concat(member.Segments.Select((s, i) => s switch
    {
        IdentifierSegment identifier => (i == 0 ? "" : ".") + identifier.Identifier,
        _ => "[]",
    }));

    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var value = await member.EvaluateAsync(context);
        if (value.IsNil() && context.AmbientValues.TryGetValue(MissingKey, out var list) && list is List<string> missing && !missing.Contains(Path))
        {
            missing.Add(Path);
        }

        return value;
    }
}
