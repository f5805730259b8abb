using System.Net;

namespace SendGateway.Server.Delivery;

/// <summary>One address to try: the MX (or route) host name and one of its addresses.</summary>
public sealed record DeliveryTarget(string Host, IPAddress Address, int Port)
{
    public string Key => $"{Address}:{Port}";
}
