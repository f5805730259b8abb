namespace SendGateway.Server.Events;

/// <summary>Filters of <c>GET /v1/events</c>; <c>After</c> is the decoded cursor.</summary>
public sealed record EventFilter(
    string? Type, string? Recipient, string? MessageId, string? Tag, DateTimeOffset? Since, DateTimeOffset? Until, (DateTime At, string Id)? After, int Limit)
{
    /// <summary>Keyed hash of <see cref="Recipient"/>, which finds events whose address was anonymised.</summary>
    public string? RecipientHash { get; init; }

    /// <summary>Newest first (the panel's Activity); the cursor then continues towards older events.</summary>
    public bool NewestFirst { get; init; }
}
