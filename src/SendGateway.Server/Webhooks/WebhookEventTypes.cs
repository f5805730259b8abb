using SendGateway.Server.EventContract;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// What an endpoint may subscribe to: every message event type, and <see cref="DomainUnverified"/>, a tenant-level
/// event (no message) that endpoints get only when they list it, so a consumer of message events meets no new shape.
/// </summary>
internal static class WebhookEventTypes
{
    /// <summary>A re-check stopped a sender domain (its DKIM record missing N checks in a row).</summary>
    public const string DomainUnverified = "domain.unverified";

    public static readonly string[] Subscribable = [.. EventTypes.All, DomainUnverified];
}
