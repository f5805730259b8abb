using SendGateway.Server.Bounces;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// The bounce at the end of a message's lifetime (reliability.md T72: deferred <c>4.7.x</c> while a TLS policy fails, then
/// bounced <c>5.7.x</c>). A message whose last attempt failed on a TLS policy says which: <c>require_tls</c> is
/// <c>5.7.10</c> (Encryption Needed: verified TLS to the MX was not possible, RFC 8689), <c>mta_sts</c> and <c>dane</c>
/// are <c>5.7.5</c> (Cryptographic failure, RFC 3463: the policy's certificate or TLSA check failed). Any other is the
/// plain expiry, <c>5.4.7</c>. The class stays <c>MessageExpired</c> (a soft cause: the address is not suppressed).
/// </summary>
internal static class ExpiryOutcome
{
    public static DeliveryOutcome For(QueueEntry entry, int attempt) => entry.LastFailureReason switch
    {
        TlsPolicyNames.RequireTls => Bounce("5.7.10", "Delivery time expired: the message requires TLS (REQUIRETLS) and verified TLS to the recipient's server was not possible", entry.LastFailureReason, attempt),
        TlsPolicyNames.MtaSts => Bounce("5.7.5", "Delivery time expired: the recipient domain's MTA-STS policy could not be met (no valid certificate over TLS at an allowed MX)", entry.LastFailureReason, attempt),
        TlsPolicyNames.Dane => Bounce("5.7.5", "Delivery time expired: the recipient's server did not pass its DANE (TLSA) check", entry.LastFailureReason, attempt),
        _ => DeliveryOutcome.Permanent(BounceClasses.MessageExpired, "5.4.7", "Delivery time expired", null, attempt),
    };

    private static DeliveryOutcome Bounce(string enhanced, string text, string reason, int attempt) =>
        DeliveryOutcome.Permanent(BounceClasses.MessageExpired, enhanced, text, null, attempt) with { Reason = reason };
}
