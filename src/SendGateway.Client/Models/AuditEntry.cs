namespace SendGateway.Client;

/// <summary>The API's <c>AuditEntry</c> object.</summary>
public sealed record AuditEntry
{
    /// <summary>JSON <c>id</c>.</summary>
    public long Id { get; init; }

    /// <summary>JSON <c>at</c>.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>JSON <c>actor</c>.</summary>
    public string? Actor { get; init; }

    /// <summary>JSON <c>action</c>.</summary>
    public string? Action { get; init; }

    /// <summary>JSON <c>target</c>.</summary>
    public string? Target { get; init; }

    /// <summary>JSON <c>ip</c>.</summary>
    public string? Ip { get; init; }

    /// <summary>JSON <c>purpose</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>JSON <c>hash</c>.</summary>
    public string? Hash { get; init; }
}
