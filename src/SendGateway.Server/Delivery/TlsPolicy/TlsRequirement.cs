using System.Net.Security;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// What a connection to an MX asks of TLS (reliability.md §6.3). Today every destination gets <see cref="Opportunistic"/>,
/// Postfix's "may" level: STARTTLS when offered, any certificate (encryption without authentication, as MTAs do), and
/// one plain-text try after a refused STARTTLS or a failed handshake; the event records tls=false. A destination that
/// publishes an MTA-STS or DANE policy will get a requirement that never falls back.
/// </summary>
internal sealed class TlsRequirement
{
    private TlsRequirement()
    {
    }

    /// <summary>STARTTLS when offered, any certificate, plain text once after a TLS failure.</summary>
    public static TlsRequirement Opportunistic { get; } = new();

    /// <summary>How the first connection asks for TLS.</summary>
    public SecureSocketOptions FirstAttempt => SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>How the one retry after a TLS failure connects.</summary>
    public SecureSocketOptions Fallback => SecureSocketOptions.None;

    /// <summary>
    /// Whether the first attempt failed on TLS (STARTTLS offered but refused, <see cref="StartTlsRefusedException"/> being
    /// an <see cref="IOException"/>, or the handshake failed) and may be tried once more with <see cref="Fallback"/>.
    /// </summary>
    public bool FallsBackAfter(Exception exception, CancellationToken cancellationToken) =>
        exception is SslHandshakeException or System.Security.Authentication.AuthenticationException or IOException && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Whether a command error while connecting with <paramref name="security"/> is STARTTLS answered with an error:
    /// EHLO offered STARTTLS (so this is not the greeting) and we asked for it.
    /// </summary>
    public static bool IsStartTlsRefusal(SecureSocketOptions security, SmtpClient client) =>
        security == SecureSocketOptions.StartTlsWhenAvailable && client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);

    /// <summary>The server certificate check: any certificate is accepted (opportunistic TLS between MTAs, see above).</summary>
#pragma warning disable CA5359 // Deliberate: opportunistic TLS between MTAs (see above).
    public RemoteCertificateValidationCallback CertificateValidation { get; } = (_, _, _, _) => true;
#pragma warning restore CA5359
}
