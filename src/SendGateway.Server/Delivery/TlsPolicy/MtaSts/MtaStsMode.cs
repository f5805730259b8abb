namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>An MTA-STS policy's <c>mode</c> (RFC 8461 §3.2).</summary>
internal enum MtaStsMode
{
    Enforce,
    Testing,
    None,
}
