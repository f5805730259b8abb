using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// What one message asks of the TLS to its recipient's MX: <see cref="RequireTls"/> (REQUIRETLS on the relay's MAIL FROM,
/// <c>require_tls</c> on REST, or the tenant's setting: verified TLS or no delivery, RFC 8689) and
/// <see cref="PoliciesWaived"/> (<c>TLS-Required: No</c> where the tenant allows it: MTA-STS and DANE failures do not hold
/// the message back, RFC 8689 §5). Both are fixed at accept and stored with the batch.
/// </summary>
internal readonly record struct MessageTlsNeeds(bool RequireTls, bool PoliciesWaived)
{
    public static MessageTlsNeeds None { get; } = new(false, false);

    public static MessageTlsNeeds Of(BatchContent content) => new(content.RequireTls == true, content.TlsOptional == true && content.RequireTls != true);
}
