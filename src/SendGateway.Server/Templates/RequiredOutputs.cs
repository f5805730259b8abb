using Fluid.Ast;

namespace SendGateway.Server.Templates;

/// <summary>
/// Marks every variable a template prints (<c>{{ first }}</c>, <c>{{ order.total | round }}</c>) as required, so a
/// render reports each one that has no value instead of printing a blank. A variable only tested (<c>{% if coupon %}</c>)
/// or looped over is optional, and so is one printed through <c>default</c> (<c>{{ nick | default: first }}</c>).
/// </summary>
internal sealed class RequiredOutputs : AstRewriter
{
    protected override Statement VisitOutputStatement(OutputStatement outputStatement) =>
        new OutputStatement(Mark(outputStatement.Expression));

    private static Expression Mark(Expression expression) => expression switch
    {
        FilterExpression { Name: "default" } optional => optional,
        FilterExpression filter => new FilterExpression(Mark(filter.Input), filter.Name, filter.Parameters),
        MemberExpression member => new RequiredMember(member),
        _ => expression,
    };
}
