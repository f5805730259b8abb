using Microsoft.AspNetCore.Http.HttpResults;

namespace SendGateway.Server.Common;

/// <summary>RFC 9457 problem details in the shapes api.md §1 promises.</summary>
public static class Problems
{
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null, string type = "validation_error") =>
        TypedResults.Problem(
            detail ?? "The request is not valid; see errors.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Validation failed",
            type: $"https://sendgateway.dev/problems/{type}",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message, string type = "validation_error") =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message, type);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem($"No {what} with that id.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "https://sendgateway.dev/problems/not_found");

    public static ProblemHttpResult Status(int status, string title, string detail, string type) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: $"https://sendgateway.dev/problems/{type}");
}
