using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The guarded outbound HTTPS of every request the server makes to a name from outside (webhooks, MTA-STS policy
/// fetches, TLS reports): the host resolved once per connection through <see cref="WebhookResolver"/>, no connection
/// when any of its addresses is blocked (<see cref="WebhookAddressGuard"/>, unless private networks are allowed), the
/// socket connected to the address that was checked (no DNS rebinding); TLS 1.2 or 1.3, certificates chaining to the
/// machine's roots or to a trusted CA file.
/// </summary>
internal static class GuardedHttp
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> Connect(WebhookResolver resolver, bool allowPrivate) =>
        async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await resolver.ResolveAsync(host, cancellationToken);
            if (addresses.Count == 0)
            {
                throw new HttpRequestException($"The host {host} does not resolve.");
            }

            if (!allowPrivate && addresses.Any(WebhookAddressGuard.IsBlocked))
            {
                throw new WebhookBlockedException(host);
            }

            var socket = new Socket(addresses[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(addresses[0], context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>TLS 1.2 or 1.3 whatever the system's defaults allow; with <paramref name="trustedCaFile"/>, certificates issued by that CA are trusted too.</summary>
    public static void Secure(SocketsHttpHandler handler, string? trustedCaFile)
    {
        handler.SslOptions.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        if (trustedCaFile is { Length: > 0 } caFile)
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                errors == SslPolicyErrors.None || StoreTls.IsIssuedBy(ca, certificate, chain, errors);
        }
    }
}
