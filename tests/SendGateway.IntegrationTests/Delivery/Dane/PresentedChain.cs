using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using SendGateway.Server.Delivery.TlsPolicy.Dane;

namespace SendGateway.IntegrationTests.Delivery.Dane;

/// <summary>
/// Runs <see cref="DaneMatcher"/> where delivery runs it: in a TLS client's certificate validation callback, on the
/// leaf and the chain .NET built from what a live server on 127.0.0.163 really sent (an SslStream presenting a leaf and
/// the chain certificates given).
/// </summary>
internal static class PresentedChain
{
    private static readonly IPAddress Address = IPAddress.Parse("127.0.0.163");

    public static async Task<bool> MatchesAsync(IReadOnlyList<TlsaAssociation> records, string mxHost, X509Certificate2 leaf, params X509Certificate2[] sent)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(Address, 0);
        listener.Start();
        try
        {
            var server = ServeAsync(listener, leaf, sent, timeout.Token);
            using var client = new TcpClient();
            await client.ConnectAsync(Address, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
            await using var tls = new SslStream(client.GetStream());
            bool? matched = null;
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = mxHost,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    matched = DaneMatcher.Matches(records, (X509Certificate2)certificate!, chain, mxHost);
                    return true;
                },
            }, timeout.Token);
            await server;
            return matched ?? throw new InvalidOperationException("the validation callback was not called");
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task ServeAsync(TcpListener listener, X509Certificate2 leaf, X509Certificate2[] sent, CancellationToken cancellationToken)
    {
        using var accepted = await listener.AcceptTcpClientAsync(cancellationToken);
        await using var tls = new SslStream(accepted.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, new X509Certificate2Collection(sent), offline: true),
        }, cancellationToken);
    }
}
