namespace SendGateway.Server.Events;

/// <summary>Filters of <c>GET /v1/events</c>; <c>After</c> is the decoded cursor.</summary>
internal sealed record EventFilter(
    string? Type, string? Recipient, string? MessageId, string? Tag, DateTimeOffset? Since, DateTimeOffset? Until, (DateTime At, string Id)? After, int Limit)
{
    /// <summary>Keyed hash of <see cref="Recipient"/>, which finds events whose address was anonymised.</summary>
    public string? RecipientHash { get; init; }

    /// <summary>Newest first (the panel's Activity); the cursor then continues towards older events.</summary>
    public bool NewestFirst { get; init; }

    /// <summary>Events whose metadata has this key with <see cref="MetadataValue"/> (the EmailLabs API's <c>account</c> filter); no index, like <c>tag</c>.</summary>
    public string? MetadataKey { get; init; }

    public string? MetadataValue { get; init; }

    /// <summary>Events of messages of this stream (<c>transactional</c> includes events from before streams).</summary>
    public string? Stream { get; init; }
}
