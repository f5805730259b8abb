using SendGateway.Server.EventContract;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// What an endpoint may subscribe to: every message event type, and the tenant-level events (no message:
/// <see cref="DomainUnverified"/>, <see cref="TenantReputationWarning"/>, <see cref="TenantPaused"/>) that endpoints get
/// only when they list them, so a consumer of message events meets no new shape.
/// </summary>
internal static class WebhookEventTypes
{
    /// <summary>A re-check stopped a sender domain (its DKIM record missing N checks in a row).</summary>
    public const string DomainUnverified = "domain.unverified";

    /// <summary>The reputation guard found a complaint or hard-bounce rate over its warn line (once per crossing).</summary>
    public const string TenantReputationWarning = "tenant.reputation_warning";

    /// <summary>The tenant was paused (the reputation guard, or an operator): its mail is accepted and held.</summary>
    public const string TenantPaused = "tenant.paused";

    public static readonly string[] Subscribable = [.. EventTypes.All, DomainUnverified, TenantReputationWarning, TenantPaused];
}
