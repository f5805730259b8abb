namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>What a TLSA lookup through the validating resolvers found (RFC 7672 §2.2).</summary>
internal enum TlsaLookupStatus
{
    /// <summary>No DANE for this host: no TLSA records (securely denied), an unsigned (insecure) answer, or DANE turned off.</summary>
    None,

    /// <summary>Signed records of which at least one is usable: verified TLS against them or no delivery to this host.</summary>
    Usable,

    /// <summary>Signed records, none usable: TLS is still mandatory (unauthenticated), as Postfix's "encrypt".</summary>
    Unusable,

    /// <summary>The lookup failed (SERVFAIL, bogus, timeout): this host cannot be used now (temporary, reason <c>dane</c>).</summary>
    Failed,
}
