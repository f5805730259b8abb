using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Binds HTTP endpoints on Kestrel explicitly. Once anything listens explicitly (the relay's ports, the management
/// listener), Kestrel ignores <c>urls</c>, so its endpoints are bound here as well, and the setting is taken over from
/// the host at start: left to the host, its addresses would reach Kestrel, which warns at every start that it
/// overrides them with the endpoints it binds (the same ones).
/// </summary>
internal static class HttpListeners
{
    /// <summary>No address: an empty <c>urls</c> would make the host fall back to its own copy taken before the program ran.</summary>
    private const string NoAddress = ";";

    /// <summary>With the relay role or a management listener: <c>urls</c> moves from the host to <see cref="ListenUrls"/>.</summary>
    public static void TakeOverUrlsWhenExplicit(WebApplicationBuilder builder, SendGatewayRoles roles)
    {
        if (!roles.Relay && string.IsNullOrWhiteSpace(builder.Configuration["SendGateway:Management:Urls"]))
        {
            return;
        }

        builder.Services.AddSingleton(new HttpUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]));
        builder.Configuration[WebHostDefaults.ServerUrlsKey] = NoAddress;
    }

    public static void ListenUrls(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        // urls set after the program's start (a test's WebApplicationFactory does) still count.
        var configured = configuration[WebHostDefaults.ServerUrlsKey];
        var urls = string.IsNullOrEmpty(configured) || configured == NoAddress ? kestrel.ApplicationServices.GetService<HttpUrls>()?.Value : configured;
        foreach (var url in (string.IsNullOrEmpty(urls) ? "http://127.0.0.1:8080" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            Listen(kestrel, new Uri(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal)));
        }
    }

    public static void Listen(KestrelServerOptions kestrel, Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidConfigurationException($"urls: only http:// endpoints are supported with the relay role or a management listener ({url}).");
        }

        if (url.Host is "localhost")
        {
            kestrel.ListenLocalhost(url.Port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port);
        }
    }
}
