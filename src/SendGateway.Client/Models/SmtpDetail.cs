namespace SendGateway.Client;

/// <summary>The API's <c>SmtpDetail</c> object.</summary>
public sealed record SmtpDetail
{
    /// <summary>JSON <c>code</c>.</summary>
    public int? Code { get; init; }

    /// <summary>JSON <c>enhanced_code</c>.</summary>
    public string? EnhancedCode { get; init; }

    /// <summary>JSON <c>response</c>.</summary>
    public string? Response { get; init; }

    /// <summary>JSON <c>mx</c>.</summary>
    public string? Mx { get; init; }

    /// <summary>JSON <c>source_ip</c>.</summary>
    public string? SourceIp { get; init; }

    /// <summary>JSON <c>tls</c>.</summary>
    public bool Tls { get; init; }

    /// <summary>JSON <c>attempt</c>.</summary>
    public int Attempt { get; init; }

    /// <summary>JSON <c>possible_duplicate</c>: the connection was lost after the whole message was sent, so the server may have it already.</summary>
    public bool? PossibleDuplicate { get; init; }

    /// <summary>JSON <c>tls_detail</c>: the session's TLS version, cipher, the policy it followed and whether the certificate was verified.</summary>
    public TlsDetail? TlsDetail { get; init; }

    /// <summary>JSON <c>hint</c>: what the sender should publish or fix, from the shaping rule that matched the reply; null when none did.</summary>
    public string? Hint { get; init; }
}
