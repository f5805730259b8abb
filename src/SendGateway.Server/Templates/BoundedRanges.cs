using Fluid.Ast;

namespace SendGateway.Server.Templates;

/// <summary>
/// Puts a bound on every range (<c>(1..n)</c>): Fluid builds a range's every number before a loop runs, so
/// <c>(1..100000000)</c> took 20 s and 4.8 GB here before the step limit could act. A range may hold at most
/// <see cref="TemplatesOptions.MaxSteps"/> numbers, whether its ends are written or come from vars.
/// </summary>
internal sealed class BoundedRanges(int maxLength) : AstRewriter
{
    protected override Expression VisitRangeExpression(RangeExpression rangeExpression) => new BoundedRange(rangeExpression, maxLength);
}
