using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Options;
using SendGateway.Smtp;

namespace SendGateway.Server.Relay;

/// <summary>
/// Kestrel connection handler for the relay ports (style.md E3): enforces the connection limits, then runs one
/// <see cref="SmtpSession"/> over the connection's pipes. Port 465 arrives already decrypted (Kestrel's TLS
/// middleware); STARTTLS upgrades in place. On a graceful stop the session hears <see cref="RelayShutdown.Stopping"/>.
/// </summary>
internal sealed class SmtpRelayConnectionHandler(
    IServiceProvider services, RelayConnectionLimiter limiter, RelayCertificate certificate, RelayShutdown shutdown, IOptions<RelayOptions> options,
    ILogger<SmtpRelayConnectionHandler> logger) : ConnectionHandler
{
    private SmtpSessionOptions? _sessionOptions;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        using var scope = RelayLog.ConnectionScope(logger, connection.ConnectionId); // ids only: never an address
        var remote = connection.RemoteEndPoint as IPEndPoint;
        if (!limiter.TryEnter(remote?.Address, out var perIp))
        {
            var host = SessionOptions().HostName;
            var reply = perIp ? $"421 4.7.0 {host} Error: too many connections from {remote?.Address}\r\n" : $"421 4.3.2 {host} Service not available, closing transmission channel\r\n";
            RelayLog.Refused(logger, perIp ? "per-address limit" : "connection limit");
            await connection.Transport.Output.WriteAsync(Encoding.ASCII.GetBytes(reply), connection.ConnectionClosed);
            return;
        }

        shutdown.Opened();
        try
        {
            var secure = connection.Features.Get<ITlsHandshakeFeature>() is not null;
            var handler = ActivatorUtilities.CreateInstance<RelaySessionHandler>(services);
            var session = new SmtpSession(SmtpTransport.FromPipe(connection.Transport, secure), handler, SessionOptions(), remote);
            await session.RunAsync(shutdown.Stopping, connection.ConnectionClosed);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; nothing was acknowledged that is not already queued.
        }
        finally
        {
            shutdown.Closed();
            limiter.Leave(remote?.Address);
        }
    }

    private SmtpSessionOptions SessionOptions() => _sessionOptions ??= Build(options.Value, certificate);

    private static SmtpSessionOptions Build(RelayOptions relay, RelayCertificate certificate) => new()
    {
        HostName = relay.HostName ?? Dns.GetHostName(),
        Certificate = certificate.Certificate,
        TlsHandshakeTimeout = relay.TlsHandshakeTimeout,
        AuthenticationEnabled = true,
        RequireAuthentication = true,
        RequireTlsForAuthentication = !relay.AllowPlainAuthWithoutTls,
        MaxAuthenticationFailures = relay.MaxAuthFailuresPerSession,
        PregreetWait = relay.PregreetWait,
        Limits = new SmtpLimits
        {
            MaxCommandLineLength = relay.MaxCommandLineLength,
            MaxTextLineLength = relay.MaxTextLineLength,
            MaxMessageBytes = relay.MaxMessageBytes,
            MaxRecipients = relay.MaxRecipients,
            MaxErrors = relay.MaxErrors,
            MaxJunkCommands = relay.MaxJunkCommands,
            CommandTimeout = relay.CommandTimeout,
            DataTimeout = relay.DataTimeout,
            MinDataRate = relay.MinDataRate,
        },
    };
}
