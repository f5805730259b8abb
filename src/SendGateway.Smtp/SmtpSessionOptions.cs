using System.Security.Cryptography.X509Certificates;

namespace SendGateway.Smtp;

/// <summary>What a listener offers and demands: limits, TLS, authentication. Plain values; hosts bind and validate them.</summary>
public sealed record SmtpSessionOptions
{
    public SmtpLimits Limits { get; init; } = new();

    public string HostName { get; init; } = "localhost";

    /// <summary>Offered as STARTTLS (before TLS) when set.</summary>
    public X509Certificate2? Certificate { get; init; }

    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>MAIL needs a successful AUTH first (530 5.7.0), unless the handler trusts the client's address.</summary>
    public bool RequireAuthentication { get; init; }

    /// <summary>AUTH only over TLS (538 5.7.11 otherwise), and not advertised before it.</summary>
    public bool RequireTlsForAuthentication { get; init; } = true;

    /// <summary>Whether AUTH is offered at all.</summary>
    public bool AuthenticationEnabled { get; init; }

    public bool Chunking { get; init; } = true;

    /// <summary>Failed AUTH attempts in one session before 421 and close.</summary>
    public int MaxAuthenticationFailures { get; init; } = 3;

    /// <summary>
    /// How long to listen before sending the greeting (Postfix postscreen's greet wait); a client that talks in that
    /// time gets 554 5.5.0 and is closed (reliability.md T06). Zero: no wait, no check.
    /// </summary>
    public TimeSpan PregreetWait { get; init; } = TimeSpan.Zero;
}
