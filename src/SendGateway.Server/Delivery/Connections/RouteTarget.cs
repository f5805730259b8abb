using System.Globalization;

namespace SendGateway.Server.Delivery.Connections;

/// <summary>A static route's <c>host:port</c>.</summary>
internal sealed record RouteTarget(string Host, int Port)
{
    public static bool TryParse(string value, out RouteTarget? target)
    {
        target = null;
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        target = new RouteTarget(value[..colon].Trim('[', ']'), port);
        return true;
    }
}
