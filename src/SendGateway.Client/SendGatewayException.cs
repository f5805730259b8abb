using System.Net;

namespace SendGateway.Client;

/// <summary>
/// Every error answer of the API: the status code and the RFC 9457 problem details it carried
/// (<c>type</c>, <c>title</c>, <c>detail</c> and, for 422, the <c>errors</c> per field).
/// </summary>
public sealed class SendGatewayException : Exception
{
    /// <summary>Creates the exception for one error answer.</summary>
    public SendGatewayException(HttpStatusCode statusCode, string? type, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors, TimeSpan? retryAfter = null)
        : base($"{(int)statusCode} {title ?? statusCode.ToString()}{(detail is null ? string.Empty : ": " + detail)}")
    {
        StatusCode = statusCode;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code (400, 401, 403, 404, 409, 413, 415, 422, 429, 503, …).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem type, e.g. <c>/docs/troubleshooting/problems.html#quota_exceeded</c>: the code after the <c>#</c> names it in the guide.</summary>
    public string? Type { get; }

    /// <summary>The problem's short title.</summary>
    public string? Title { get; }

    /// <summary>What went wrong, for a person.</summary>
    public string? Detail { get; }

    /// <summary>Messages per field (JSON path such as <c>to[0].email</c>); empty unless the answer was a validation problem.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    /// <summary>The answer's <c>Retry-After</c>, when it had one (429 and 503).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The problem's code (<c>validation_error</c>, <c>not_found</c>, <c>quota_exceeded</c>, …): what follows the last
    /// <c>#</c> of <see cref="Type"/> (<c>/docs/troubleshooting/problems.html#quota_exceeded</c>), or its last path
    /// segment for a type without one (older servers' <c>…/problems/quota_exceeded</c>, <c>https://httpstatuses.io/401</c>).
    /// </summary>
    public string? Code => Type is null ? null : Type[(Math.Max(Type.LastIndexOf('#'), Type.LastIndexOf('/')) + 1)..];
}
