namespace SendGateway.Client;

/// <summary>The API's <c>DnsRecord</c> object.</summary>
public sealed record DnsRecord
{
    /// <summary>JSON <c>purpose</c>.</summary>
    public string? Purpose { get; init; }

    /// <summary>JSON <c>type</c>.</summary>
    public string? Type { get; init; }

    /// <summary>JSON <c>name</c>.</summary>
    public string? Name { get; init; }

    /// <summary>JSON <c>value</c>.</summary>
    public string? Value { get; init; }

    /// <summary>JSON <c>note</c>: what to mind when publishing it (merge into an existing SPF record, keep an existing DMARC record).</summary>
    public string? Note { get; init; }
}
