using System.Net;
using SendGateway.Smtp;

namespace SendGateway.Server.Inbound;

/// <summary>
/// The inbound SMTP listener (events role), on our own SMTP library: where and with which limits
/// <see cref="IInboundMail"/> says, each session handled by it. Today the bounce domain's (<c>Bounces:Port</c>).
/// </summary>
internal sealed class InboundListener(IInboundMail mail, ILogger<InboundListener> logger) : IHostedService, IAsyncDisposable
{
    private SmtpServer? _server;

    public IPEndPoint? EndPoint => _server?.EndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (mail.Endpoint is not { } endpoint)
        {
            return Task.CompletedTask;
        }

        _server = SmtpServer.Start(endpoint.Address, mail.OpenSession, endpoint.Session, endpoint.MaxConnections);
        InboundLog.Listening(logger, _server.EndPoint, endpoint.Domain);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}
