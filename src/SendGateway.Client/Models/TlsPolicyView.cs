namespace SendGateway.Client;

/// <summary>The API's <c>TlsPolicyView</c> object: a recipient domain's cached MTA-STS policy, its last fetch error and today's TLS sessions to it.</summary>
public sealed record TlsPolicyView
{
    /// <summary>JSON <c>domain</c>.</summary>
    public string? Domain { get; init; }

    /// <summary>JSON <c>mode</c>: enforce, testing or none; null when no policy was ever fetched.</summary>
    public string? Mode { get; init; }

    /// <summary>JSON <c>mx</c>.</summary>
    public IReadOnlyList<string>? Mx { get; init; }

    /// <summary>JSON <c>id</c>: the TXT record's id the policy was fetched under.</summary>
    public string? Id { get; init; }

    /// <summary>JSON <c>max_age</c>, in seconds.</summary>
    public long? MaxAge { get; init; }

    /// <summary>JSON <c>fetched_at</c>.</summary>
    public DateTimeOffset? FetchedAt { get; init; }

    /// <summary>JSON <c>expires_at</c>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>JSON <c>last_error</c>.</summary>
    public string? LastError { get; init; }

    /// <summary>JSON <c>last_error_at</c>.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>JSON <c>sessions_today</c>: today's TLS sessions to the domain as counted for its TLS report; null when TLS reports are off or nothing was counted today.</summary>
    public TlsSessionsToday? SessionsToday { get; init; }
}
