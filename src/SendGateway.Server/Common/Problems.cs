using Microsoft.AspNetCore.Http.HttpResults;

namespace SendGateway.Server.Common;

/// <summary>
/// RFC 9457 problem details in the shapes api.md §1 promises. Each <c>type</c> is <see cref="TypeBase"/> followed by the
/// problem's code, so it leads to the code's entry in the guide (docs/troubleshooting/problems.md).
/// </summary>
internal static class Problems
{
    /// <summary>The guide's page of problem types as this service serves it (<c>SendGateway:Docs:ProblemTypeBase</c>'s default).</summary>
    public const string DefaultTypeBase = "/docs/troubleshooting/problems.html#";

    /// <summary>Set once at start from <c>SendGateway:Docs:ProblemTypeBase</c> (Hosting/DocsSite).</summary>
    public static string TypeBase { get; set; } = DefaultTypeBase;

    /// <summary>The <c>type</c> URI of a problem code such as <c>quota_exceeded</c>.</summary>
    public static string TypeUri(string type) => TypeBase + type;

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null, string type = "validation_error") =>
        TypedResults.Problem(
            detail ?? "The request is not valid; see errors.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Validation failed",
            type: TypeUri(type),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message, string type = "validation_error") =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message, type);

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem($"No {what} with that id.", statusCode: StatusCodes.Status404NotFound, title: "Not found", type: TypeUri("not_found"));

    public static ProblemHttpResult Status(int status, string title, string detail, string type) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeUri(type));
}
