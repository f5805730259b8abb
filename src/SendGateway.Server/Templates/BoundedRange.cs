using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace SendGateway.Server.Templates;

/// <summary>A range whose length is checked before Fluid builds it.</summary>
internal sealed class BoundedRange(RangeExpression range, int maxLength) : Expression
{
    public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        var from = (await range.From.EvaluateAsync(context)).ToNumberValue();
        var to = (await range.To.EvaluateAsync(context)).ToNumberValue();
        if (Math.Abs(to - from) >= maxLength)
        {
            throw new TemplateLimitException($"A range may hold at most {maxLength} numbers.");
        }

        return await range.EvaluateAsync(context);
    }
}
