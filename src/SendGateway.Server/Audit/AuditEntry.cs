namespace SendGateway.Server.Audit;

/// <summary>One audit record as <c>GET /v1/audit-log</c> shows it; <c>hash</c> chains it to the tenant's previous record.</summary>
internal sealed record AuditEntry
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    /// <summary><c>key:&lt;api key id&gt;</c> or <c>operator</c>.</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>e.g. <c>DELETE /v1/webhooks/{id}</c>, <c>read GET /v1/messages/{id}</c>, <c>api_key.new_ip</c>.</summary>
    public string Action { get; init; } = string.Empty;

    /// <summary>The resource acted on (addresses appear only as their keyed hash).</summary>
    public string? Target { get; init; }

    public string? Ip { get; init; }

    /// <summary>The reason an operator gave for reading a tenant's data.</summary>
    public string? Purpose { get; init; }

    public string Hash { get; init; } = string.Empty;
}
