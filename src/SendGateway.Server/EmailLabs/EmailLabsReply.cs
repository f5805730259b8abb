using System.Text.Json.Serialization;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// EmailLabs' answer shape: <c>{code, status, message, data, req_id}</c>, the HTTP status equal to <c>code</c>.
/// Clients check <c>code == "200"</c> (PHP's loose comparison) and otherwise raise <c>message</c>.
/// </summary>
internal sealed record EmailLabsReply(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("data")] object Data,
    [property: JsonPropertyName("req_id")] string RequestId)
{
    public static IResult Success(HttpContext context, string message, object data) =>
        Results.Json(new EmailLabsReply(StatusCodes.Status200OK, "success", message, data, RequestIdOf(context)), statusCode: StatusCodes.Status200OK);

    public static IResult Fail(HttpContext context, int code, string message, object? data = null) =>
        Results.Json(new EmailLabsReply(code, "fail", message, data ?? Array.Empty<object>(), RequestIdOf(context)), statusCode: code);

    /// <summary>Errors by field as one message line (EmailLabs clients raise <c>message</c>); the fields also go in <c>data</c>.</summary>
    public static string Describe(IReadOnlyDictionary<string, string[]> errors) => string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    /// <summary>EmailLabs gives times as Unix seconds; our rows hold UTC times.</summary>
    public static long UnixTime(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static string RequestIdOf(HttpContext context) =>
        System.Diagnostics.Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
}
