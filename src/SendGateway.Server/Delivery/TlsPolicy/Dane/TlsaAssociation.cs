namespace SendGateway.Server.Delivery.TlsPolicy.Dane;

/// <summary>One TLSA record (RFC 6698 §2.1): certificate usage, selector, matching type and the association data.</summary>
internal sealed record TlsaAssociation(byte Usage, byte Selector, byte MatchingType, byte[] Data)
{
    /// <summary>DANE-TA(2) and DANE-EE(3) with selector 0/1 and matching type 0/1/2; usages 0/1 are unusable for SMTP (RFC 7672 §3.1.3).</summary>
    public bool IsUsable => Usage is 2 or 3 && Selector is 0 or 1 && MatchingType is 0 or 1 or 2;

    /// <summary>The presentation form, as a TLS report's <c>policy-string</c> lists it.</summary>
    public override string ToString() => $"{Usage} {Selector} {MatchingType} {Convert.ToHexString(Data)}";
}
