namespace SendGateway.Client;

/// <summary>The API's <c>TlsSessionsToday</c> object: a recipient domain's TLS sessions so far today (UTC), all policies together.</summary>
public sealed record TlsSessionsToday
{
    /// <summary>JSON <c>successful</c>.</summary>
    public long Successful { get; init; }

    /// <summary>JSON <c>failed</c>.</summary>
    public long Failed { get; init; }

    /// <summary>JSON <c>failures_by_result</c>: failed sessions by RFC 8460 result type (such as <c>certificate-host-mismatch</c>).</summary>
    public IReadOnlyDictionary<string, long>? FailuresByResult { get; init; }
}
