namespace SendGateway.Smtp.Protocol;

/// <summary>The reverse or forward path of MAIL/RCPT plus its ESMTP parameters; <c>Address</c> is empty for the null path.</summary>
public sealed record SmtpPath(string Address, IReadOnlyDictionary<string, string?> Parameters)
{
    /// <summary>The first parameter given more than once (RFC 5321 §4.1.2 allows each keyword once), or null.</summary>
    public string? Repeated { get; init; }
}
