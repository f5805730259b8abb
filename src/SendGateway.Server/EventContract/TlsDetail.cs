namespace SendGateway.Server.EventContract;

/// <summary>
/// The <c>smtp.tls_detail</c> part of an event: the negotiated protocol (<c>TLSv1.3</c>) and cipher suite (null in plain
/// text), the policy the attempt followed (<c>none</c>,
/// <c>opportunistic</c>, <c>mta_sts</c>, <c>dane</c>, <c>require_tls</c>) and whether the server's certificate was verified
/// (for the MX name against trusted roots, or against its TLSA records).
/// </summary>
internal sealed record TlsDetail(string? Version, string? Cipher, string Policy, bool Verified);
