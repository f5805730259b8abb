namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>How an attempt's TLS to one MX host is judged (Postfix's security levels).</summary>
internal enum TlsMode
{
    /// <summary>STARTTLS when offered, any certificate, plain text once after a TLS failure (Postfix "may").</summary>
    Opportunistic,

    /// <summary>STARTTLS mandatory; the certificate chains to a trusted root and names the MX host (Postfix "secure").</summary>
    Verified,

    /// <summary>STARTTLS mandatory; the certificate matches one of the host's TLSA records (Postfix "dane").</summary>
    Dane,

    /// <summary>STARTTLS mandatory, any certificate: the host's TLSA records are all unusable (Postfix "encrypt").</summary>
    Encrypt,
}
