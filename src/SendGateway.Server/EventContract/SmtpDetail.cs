namespace SendGateway.Server.EventContract;

/// <summary>
/// The <c>smtp</c> part of an event: what the remote server answered. <see cref="PossibleDuplicate"/> is true on an
/// attempt whose connection was lost after the whole message was sent, before the reply to the final dot: the server
/// may have kept that copy, so the retry may deliver a second one (RFC 5321 §3.8; reliability.md T61); absent otherwise.
/// <see cref="TlsDetail"/> (<c>tls_detail</c>) says how the session's TLS went and under which policy, on every attempt
/// that reached a server or failed a TLS policy; <see cref="Tls"/> stays as it was for existing clients.
/// <see cref="Hint"/> (<c>hint</c>) says what the sender should publish or fix, when a shaping rule knows the reply.
/// </summary>
internal sealed record SmtpDetail(int? Code, string? EnhancedCode, string? Response, string? Mx, string? SourceIp, bool Tls, int Attempt, bool? PossibleDuplicate = null)
{
    public TlsDetail? TlsDetail { get; init; }

    /// <summary>What the sender should publish or fix, from the shaping rule that matched the reply; null when none did.</summary>
    public string? Hint { get; init; }
}
