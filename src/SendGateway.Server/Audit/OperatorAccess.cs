using Microsoft.AspNetCore.Http.HttpResults;
using SendGateway.Server.Messages;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Audit;

/// <summary>
/// Operator access to a tenant's data (reliability.md T103): only with an explicit reason in <c>X-Access-Reason</c>,
/// which the audit log records with the read.
/// </summary>
internal static class OperatorAccess
{
    public const string ReasonHeader = "X-Access-Reason";
    public const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapOperatorAccessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/admin/tenants/{id}/messages/{messageId}", GetMessageAsync).RequireAuthorization(Scopes.Admin).WithTags("Operator")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("OperatorGetMessage").WithSummary("A tenant's message, for support: requires X-Access-Reason, recorded in the tenant's audit log.");
        return app;
    }

    /// <summary>The 422 for an operator request to a tenant's data without a usable <c>X-Access-Reason</c>; null when it has one.</summary>
    public static ProblemHttpResult? MissingReason(HttpRequest request)
    {
        var reason = request.Headers[ReasonHeader].ToString().Trim();
        return reason.Length is 0 or > MaxReasonLength || reason.Any(char.IsControl)
            ? Problems.Validation(ReasonHeader, $"Operator access to a tenant's data needs a reason of 1 to {MaxReasonLength} characters.", "reason_required")
            : null;
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessageAsync(
        string id, string messageId, HttpContext context, MessageStore messages, CancellationToken cancellationToken)
    {
        if (MissingReason(context.Request) is { } problem)
        {
            return problem;
        }

        return await messages.GetAsync(id, messageId, cancellationToken) is { } message ? TypedResults.Ok(message) : Problems.NotFound("message");
    }
}
