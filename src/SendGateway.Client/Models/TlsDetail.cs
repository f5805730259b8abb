namespace SendGateway.Client;

/// <summary>The API's <c>TlsDetail</c> object.</summary>
public sealed record TlsDetail
{
    /// <summary>JSON <c>version</c>: <c>TLSv1.2</c>, <c>TLSv1.3</c>; null in plain text.</summary>
    public string? Version { get; init; }

    /// <summary>JSON <c>cipher</c>: the negotiated cipher suite; null in plain text.</summary>
    public string? Cipher { get; init; }

    /// <summary>JSON <c>policy</c>: <c>none</c>, <c>opportunistic</c>, <c>mta_sts</c>, <c>dane</c> or <c>require_tls</c>.</summary>
    public string Policy { get; init; } = "";

    /// <summary>JSON <c>verified</c>: the certificate was verified for the MX name or against its TLSA records.</summary>
    public bool Verified { get; init; }
}
