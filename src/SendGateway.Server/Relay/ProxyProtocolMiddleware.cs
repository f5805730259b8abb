using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using SendGateway.Server.Hosting;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Relay;

/// <summary>
/// <c>SendGateway:Relay:ProxyProtocol</c>: Kestrel connection middleware in front of the relay (and before TLS on the
/// implicit-TLS port). A connection from one of <c>SendGateway:Proxies:Trusted</c> must start with a PROXY protocol header
/// (v2, or v1 text) within <see cref="RelayOptions.ProxyHeaderTimeout"/>; its source address becomes the connection's
/// remote endpoint, so connection limits, AUTH throttling, trusted networks, audit and the Received header see the client.
/// No valid header in time: the connection is closed without a greeting (no reply at all: the proxy's client gets a
/// closed connection). A LOCAL command (a health check) is served as the proxy's own connection. Anyone else is a direct
/// client: a header from it is not read here, so the session answers its bytes as bad commands.
/// </summary>
internal sealed class ProxyProtocolMiddleware(IOptions<RelayOptions> relay, IOptions<ProxyOptions> proxies, ILogger<ProxyProtocolMiddleware> logger)
{
    private IPNetwork[]? _trusted;

    public async Task OnConnectedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        if (!relay.Value.ProxyProtocol || !IsTrusted((connection.RemoteEndPoint as IPEndPoint)?.Address))
        {
            await next(connection);
            return;
        }

        var (parse, source, closed) = await ReadHeaderAsync(connection);
        if (closed)
        {
            return; // gone before a whole header arrived (a balancer's plain TCP health check): nothing to refuse or log
        }

        switch (parse)
        {
            case ProxyParse.Proxied when source is not null:
                connection.RemoteEndPoint = new IPEndPoint(source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address, source.Port);
                break;
            case ProxyParse.Proxied or ProxyParse.Local:
                break; // the proxy's own endpoints stand (UNSPEC, UNKNOWN, a health check)
            default:
                RelayLog.Refused(logger, parse == ProxyParse.Incomplete ? "no PROXY header in time" : "invalid PROXY header");
                return; // closed without a greeting
        }

        await next(connection);
    }

    private async Task<(ProxyParse Parse, IPEndPoint? Source, bool Closed)> ReadHeaderAsync(ConnectionContext connection)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(relay.Value.ProxyHeaderTimeout);
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(timeout.Token);
                var parse = ProxyProtocolHeader.TryParse(read.Buffer, out var source, out var length);
                if (parse is ProxyParse.Proxied or ProxyParse.Local)
                {
                    input.AdvanceTo(read.Buffer.GetPosition(length)); // what follows (SMTP, a TLS hello) stays for the session
                    return (parse, source, false);
                }

                var empty = read.Buffer.IsEmpty;
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                if (parse == ProxyParse.Invalid || read.IsCompleted || read.IsCanceled)
                {
                    return (ProxyParse.Invalid, null, empty && read.IsCompleted);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (ProxyParse.Incomplete, null, connection.ConnectionClosed.IsCancellationRequested);
        }
        catch (Exception e) when (e is ConnectionResetException or IOException)
        {
            return (ProxyParse.Incomplete, null, true); // reset by the peer before its header
        }
    }

    private bool IsTrusted(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        _trusted ??= [.. proxies.Value.Trusted.Select(t => SourceAddresses.TryParse(t, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>()];
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _trusted.Any(n => n.Contains(plain));
    }
}
