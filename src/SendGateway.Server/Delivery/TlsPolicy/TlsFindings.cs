using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Server.Delivery.TlsPolicy.Dane;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Delivery.TlsPolicy;

/// <summary>
/// What one connection's handshake showed of the server's certificate, recorded by the certificate callback built for
/// that connection (<see cref="CallbackFor"/>): the leaf, whether it chains to a trusted root (the machine's or
/// <see cref="DeliveryTlsOptions.TrustedCaFile"/>, whatever names it carries), whether it is outside its validity dates,
/// and, under DANE, whether it matched the TLSA records. The event's <c>verified</c> and the TLS report's result type
/// are judged from it (<see cref="TlsRequirement.Check"/>), also when a pooled connection is reused.
/// </summary>
internal sealed class TlsFindings : IDisposable
{
    public X509Certificate2? Leaf { get; private set; }

    public bool Trusted { get; private set; }

    public bool Expired { get; private set; }

    public bool? DaneMatched { get; private set; }

    /// <summary>
    /// The callback for one connection to <paramref name="mxHost"/>: records what it finds; under an enforced requirement
    /// it refuses a certificate the requirement does not accept (the handshake fails, no plain text follows), otherwise it
    /// accepts any certificate (opportunistic TLS between MTAs).
    /// </summary>
    public RemoteCertificateValidationCallback CallbackFor(TlsRequirement requirement, string mxHost, X509Certificate2? trustedCa) =>
        (_, certificate, chain, errors) =>
        {
            Record(requirement, mxHost, certificate, chain, errors, trustedCa);
            return !requirement.Enforced || requirement.Check(this, mxHost) is null;
        };

    private void Record(TlsRequirement requirement, string mxHost, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, X509Certificate2? trustedCa)
    {
        if (certificate is null)
        {
            return;
        }

        Leaf?.Dispose();
        Leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var now = DateTime.Now;
        Expired = now < Leaf.NotBefore || now > Leaf.NotAfter;
        // The name is judged against each attempt's MX host (MatchesHostname), so only the chain matters here.
        var chainErrors = errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
        Trusted = chainErrors == SslPolicyErrors.None || (trustedCa is not null && StoreTls.IsIssuedBy(trustedCa, Leaf, chain, chainErrors));
        DaneMatched = requirement.Mode == TlsMode.Dane ? DaneMatcher.Matches(requirement.Tlsa, Leaf, chain, mxHost) : null;
    }

    public void Dispose() => Leaf?.Dispose();
}
