using Fluid;
using Fluid.Ast;

namespace SendGateway.Server.Templates;

/// <summary>
/// What the parser accepts but a tenant's template may not use, found when it is saved or submitted rather than
/// when it is sent: a filter that does not exist (<c>{{ Text | example }}</c>), and <c>include</c>/<c>render</c>,
/// which would reach files.
/// </summary>
internal sealed class TemplateChecks(FilterCollection filters) : AstVisitor
{
    public List<string> Problems { get; } = [];

    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (!filters.TryGetValue(filterExpression.Name, out _))
        {
            Problems.Add($"Unknown filter '{filterExpression.Name}'.");
        }

        return base.VisitFilterExpression(filterExpression);
    }

    protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
    {
        Problems.Add("The include tag is not available: templates cannot read files.");
        return includeStatement;
    }

    protected override Statement VisitRenderStatement(RenderStatement renderStatement)
    {
        Problems.Add("The render tag is not available: templates cannot read files.");
        return renderStatement;
    }
}
