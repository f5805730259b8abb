namespace SendGateway.Server.EventContract;

/// <summary>The <c>smtp</c> part of an event: what the remote server answered.</summary>
internal sealed record SmtpDetail(int? Code, string? EnhancedCode, string? Response, string? Mx, string? SourceIp, bool Tls, int Attempt);
