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

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetMessageAsync(
        string id, string messageId, HttpContext context, MessageStore messages, CancellationToken cancellationToken)
    {
        var reason = context.Request.Headers[ReasonHeader].ToString().Trim();
        if (reason.Length is 0 or > MaxReasonLength || reason.Any(char.IsControl))
        {
            return Problems.Validation(ReasonHeader, $"Operator access to a tenant's data needs a reason of 1 to {MaxReasonLength} characters.", "reason_required");
        }

        return await messages.GetAsync(id, messageId, cancellationToken) is { } message ? TypedResults.Ok(message) : Problems.NotFound("message");
    }
}
