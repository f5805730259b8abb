using System.Net;

namespace SendGateway.Server.Tracking;

/// <summary>
/// The client's address: the connection's, unless it comes from a configured trusted proxy, in which case the
/// nearest <c>X-Forwarded-For</c> entry that is not itself a trusted proxy. Anyone else's header is ignored.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Of(HttpContext context, IReadOnlyCollection<IPAddress> trustedProxies)
    {
        var remote = Normalize(context.Connection.RemoteIpAddress);
        if (remote is null || !trustedProxies.Contains(remote))
        {
            return remote;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = forwarded.Length - 1; i >= 0; i--)
        {
            if (IPAddress.TryParse(forwarded[i], out var hop) && Normalize(hop) is { } address && !trustedProxies.Contains(address))
            {
                return address;
            }
        }

        return remote;
    }

    private static IPAddress? Normalize(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
