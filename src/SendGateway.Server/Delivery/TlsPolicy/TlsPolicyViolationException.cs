namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// An enforced TLS requirement was not met while connecting (no STARTTLS, STARTTLS refused, a failed handshake or a
/// certificate the policy does not accept): that MX is not used and nothing is sent in plain text.
/// <see cref="ResultType"/> is the TLS report's result type.
/// </summary>
internal sealed class TlsPolicyViolationException(string resultType, string message, Exception inner) : IOException(message, inner)
{
    public string ResultType { get; } = resultType;
}
