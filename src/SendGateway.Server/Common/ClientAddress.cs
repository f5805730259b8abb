using System.Net;

namespace SendGateway.Server.Common;

/// <summary>
/// The client's address as every feature judges it: the connection's, which the forwarded-headers middleware has
/// already replaced with the one a trusted proxy forwarded (<c>SendGateway:Proxies:Trusted</c>; anyone else's
/// <c>X-Forwarded-For</c> is ignored), an IPv4-mapped IPv6 address as IPv4.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
}
