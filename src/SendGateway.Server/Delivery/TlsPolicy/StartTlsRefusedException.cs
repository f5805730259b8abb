namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>The MX offered STARTTLS and then refused it (e.g. <c>454 4.7.0</c>, reliability.md T73): like a failed handshake.</summary>
internal sealed class StartTlsRefusedException(Exception inner) : IOException("STARTTLS was offered, then refused", inner);
