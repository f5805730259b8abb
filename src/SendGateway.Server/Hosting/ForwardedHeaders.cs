using Microsoft.Extensions.Options;
using SendGateway.Server.Tenants;
using SendGateway.Server.Tracking;

namespace SendGateway.Server.Hosting;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware fed by <see cref="ProxyOptions"/> (and, as an alias kept for old
/// configurations, <c>SendGateway:Tracking:TrustedProxies</c>): first in the pipeline, so
/// <c>Connection.RemoteIpAddress</c> and <c>Request.Scheme</c> are the client's everywhere after it. Nothing is trusted
/// by default, not even loopback (the framework's own default trusts loopback).
/// </summary>
internal static class ForwardedHeaders
{
    public static IServiceCollection AddSendGatewayForwardedHeaders(this IServiceCollection services)
    {
        services.AddValidatedOptions<ProxyOptions>("SendGateway:Proxies");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>, IOptions<TrackingOptions>>((o, proxies, tracking) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = proxies.Value.MaxHops;
            o.RequireHeaderSymmetry = false; // a proxy may send X-Forwarded-For without X-Forwarded-Proto
            foreach (var entry in proxies.Value.Trusted.Concat(tracking.Value.TrustedProxies))
            {
                if (SourceAddresses.TryParse(entry, out var network))
                {
                    o.KnownIPNetworks.Add(network); // the middleware judges an IPv4-mapped IPv6 peer as IPv4
                }
            }
        });
        return services;
    }
}
