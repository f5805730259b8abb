using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using SendGateway.Server.Delivery.TlsPolicy.Dane;
using SendGateway.Server.TlsReports;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// What one attempt's connection to one MX host asks of TLS (reliability.md §6.3), as <see cref="TlsPolicyResolver"/>
/// decided it: the <see cref="Mode"/> the certificate is judged by, the <see cref="Policy"/> that asked for it (the event's
/// <c>tls_detail.policy</c> and the softbounce reason when it fails) and whether it is <see cref="ReportOnly"/> (MTA-STS
/// <c>testing</c>, <c>TLS-Required: No</c>: a failure is reported, delivery proceeds as opportunistic).
/// <see cref="Opportunistic"/> is Postfix's "may": STARTTLS when offered, any certificate, one plain-text try after a
/// refused STARTTLS or a failed handshake. An enforced requirement never falls back to plain text.
/// </summary>
internal sealed class TlsRequirement
{
    private readonly string _tlsaKey = "";

    public TlsRequirement(TlsMode mode, string policy, bool reportOnly = false, TlsReportPolicy? reportPolicy = null, IReadOnlyList<TlsaAssociation>? tlsa = null)
    {
        Mode = mode;
        Policy = policy;
        ReportOnly = reportOnly;
        ReportPolicy = reportPolicy ?? TlsReportPolicy.None;
        Tlsa = tlsa ?? [];
        if (Tlsa.Count > 0)
        {
            var set = string.Join('\n', Tlsa.Select(r => r.ToString()).Order(StringComparer.Ordinal));
            _tlsaKey = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(set)), 0, 8);
        }
    }

    /// <summary>STARTTLS when offered, any certificate, plain text once after a TLS failure.</summary>
    public static TlsRequirement Opportunistic { get; } = new(TlsMode.Opportunistic, TlsPolicyNames.Opportunistic);

    public TlsMode Mode { get; }

    /// <summary>One of <see cref="TlsPolicyNames"/>: the event's <c>tls_detail.policy</c>, and the softbounce reason when an enforced requirement fails.</summary>
    public string Policy { get; }

    public bool ReportOnly { get; }

    /// <summary>The policy as the recipient domain's TLS report names it.</summary>
    public TlsReportPolicy ReportPolicy { get; }

    /// <summary>The host's TLSA records under <see cref="TlsMode.Dane"/>.</summary>
    public IReadOnlyList<TlsaAssociation> Tlsa { get; }

    /// <summary>STARTTLS is mandatory and the certificate must pass <see cref="Check"/>: no plain text, no other certificate.</summary>
    public bool Enforced => Mode != TlsMode.Opportunistic && !ReportOnly;

    /// <summary>How the first connection asks for TLS: mandatory STARTTLS when enforced.</summary>
    public SecureSocketOptions FirstAttempt => Enforced ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable;

    /// <summary>How the one retry after a TLS failure connects (never when enforced).</summary>
    public static SecureSocketOptions Fallback => SecureSocketOptions.None;

    /// <summary>
    /// Which idle connections a rent may take (the pool's key beside address, port and source): an enforced requirement
    /// only one opened under the same verification (<c>webpki:&lt;mx&gt;</c>, <c>dane:&lt;mx&gt;#&lt;TLSA set&gt;</c>,
    /// <c>encrypt</c>); others <c>opportunistic</c>, and then <see cref="PlainPoolKey"/>.
    /// </summary>
    public string PoolKey(string mxHost) => !Enforced ? "opportunistic" : Mode switch
    {
        TlsMode.Verified => $"webpki:{mxHost.ToLowerInvariant()}",
        TlsMode.Dane => $"dane:{mxHost.ToLowerInvariant()}#{_tlsaKey}",
        _ => "encrypt",
    };

    /// <summary>Where a connection that fell back to plain text is kept: only requirements that are not enforced take it.</summary>
    public const string PlainPoolKey = "plain";

    /// <summary>
    /// Whether the first attempt failed on TLS (STARTTLS offered but refused, <see cref="StartTlsRefusedException"/> being
    /// an <see cref="IOException"/>, or the handshake failed) and may be tried once more in plain text: never when enforced.
    /// </summary>
    public bool FallsBackAfter(Exception exception, CancellationToken cancellationToken) =>
        !Enforced && exception is SslHandshakeException or System.Security.Authentication.AuthenticationException or IOException && !cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Whether a command error while connecting with <paramref name="security"/> is STARTTLS answered with an error:
    /// EHLO offered STARTTLS (so this is not the greeting) and we asked for it.
    /// </summary>
    public static bool IsStartTlsRefusal(SecureSocketOptions security, SmtpClient client) =>
        security is SecureSocketOptions.StartTlsWhenAvailable or SecureSocketOptions.StartTls && client.Capabilities.HasFlag(SmtpCapabilities.StartTLS);

    /// <summary>
    /// Judges a TLS session's certificate for <paramref name="mxHost"/> under <see cref="Mode"/>: null when it passes,
    /// else the TLS report's result type. Opportunistic and encrypt-only accept any certificate.
    /// </summary>
    public string? Check(TlsFindings findings, string mxHost) => Mode switch
    {
        TlsMode.Verified when findings.Leaf is null => TlsResultTypes.CertificateNotTrusted,
        TlsMode.Verified when findings.Expired => TlsResultTypes.CertificateExpired,
        TlsMode.Verified when !findings.Trusted => TlsResultTypes.CertificateNotTrusted,
        TlsMode.Verified when !findings.Leaf.MatchesHostname(mxHost, allowWildcards: true, allowCommonName: false) => TlsResultTypes.CertificateHostMismatch,
        TlsMode.Dane when findings.DaneMatched != true => TlsResultTypes.ValidationFailure,
        _ => null,
    };

    /// <summary>The TLS report's result type for a session (null = success): plain text is <c>starttls-not-supported</c>; unusable TLSA records are reported even when TLS worked.</summary>
    public string? ResultType(bool secure, TlsFindings findings, string mxHost) =>
        !secure ? TlsResultTypes.StartTlsNotSupported : Check(findings, mxHost) ?? (Mode == TlsMode.Encrypt ? TlsResultTypes.TlsaInvalid : null);

    /// <summary>Whether the event may say the certificate was verified: a verifying mode whose check passed.</summary>
    public bool Verified(bool secure, TlsFindings findings, string mxHost) =>
        secure && Mode is TlsMode.Verified or TlsMode.Dane && Check(findings, mxHost) is null;
}
