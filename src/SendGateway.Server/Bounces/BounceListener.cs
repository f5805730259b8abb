using System.Net;
using Microsoft.Extensions.Options;
using SendGateway.Smtp;

namespace SendGateway.Server.Bounces;

/// <summary>The inbound SMTP listener of the bounce domain (<c>Bounces:Port</c>, events role), on our own SMTP library.</summary>
public sealed class BounceListener(
    VerpAddresses verp, BounceRecorder recorder, IOptions<BounceOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<BounceListener>();
    private SmtpServer? _server;

    public IPEndPoint? EndPoint => _server?.EndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Port == 0)
        {
            return Task.CompletedTask;
        }

        var session = new SmtpSessionOptions
        {
            HostName = o.HostName,
            Limits = new SmtpLimits { MaxMessageBytes = o.MaxMessageBytes, MaxRecipients = o.MaxRecipients, CommandTimeout = o.CommandTimeout, DataTimeout = o.DataTimeout },
        };
        _server = SmtpServer.Start(new IPEndPoint(IPAddress.Parse(o.ListenAddress), o.Port), () => new BounceSessionHandler(verp, recorder, _logger), session, o.MaxConnections);
        BouncesLog.Listening(_logger, _server.EndPoint, o.Domain);
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
