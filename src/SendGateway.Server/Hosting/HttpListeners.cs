using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Binds HTTP endpoints on Kestrel explicitly. Once anything listens explicitly (the relay's ports, the management
/// listener), Kestrel ignores <c>urls</c>, so its endpoints are bound here as well.
/// </summary>
public static class HttpListeners
{
    public static void ListenUrls(KestrelServerOptions kestrel, string? urls)
    {
        foreach (var url in (urls ?? "http://127.0.0.1:8080").Split(';', StringSplitOptions.RemoveEmptyEntries))
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
