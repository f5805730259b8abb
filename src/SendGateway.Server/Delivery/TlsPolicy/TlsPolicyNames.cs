namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// The policy an attempt's TLS followed, as the event's <c>smtp.tls_detail.policy</c> names it, and the reason a
/// failed policy gives a softbounce (<c>mta_sts</c>, <c>dane</c>, <c>require_tls</c>).
/// </summary>
internal static class TlsPolicyNames
{
    /// <summary>No TLS was asked for (plain text after a refused STARTTLS, or a route that does not use it).</summary>
    public const string None = "none";

    /// <summary>STARTTLS when offered, any certificate (Postfix's "may").</summary>
    public const string Opportunistic = "opportunistic";

    /// <summary>The recipient domain's MTA-STS policy (RFC 8461).</summary>
    public const string MtaSts = "mta_sts";

    /// <summary>The MX host's DNSSEC-signed TLSA records (RFC 7672).</summary>
    public const string Dane = "dane";

    /// <summary>The message asked for verified TLS (RFC 8689, or the tenant's setting).</summary>
    public const string RequireTls = "require_tls";
}
