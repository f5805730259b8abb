using System.Net;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The one HTTP client of the dispatcher (reliability.md §6.2): resolves once per connection through
/// <see cref="WebhookResolver"/>, refuses blocked addresses and connects to the address it checked (defeating DNS
/// rebinding); no redirects, no decompression, no cookies, no proxy, bounded response headers. An https endpoint's
/// certificate must be valid, name the host and chain to the machine's roots or to <see cref="WebhooksOptions.TrustedCaFile"/>;
/// there is no fallback to plain http or to an unchecked certificate, and TLS is 1.2 or 1.3 whatever the system's
/// defaults allow (reliability.md T55). Connections per host and port are as many as requests in flight
/// (<see cref="WebhooksOptions.MaxConcurrency"/>, one per endpoint): endpoints that hang on a shared host and port hold
/// their own connections, never another endpoint's (reliability.md T53).
/// </summary>
internal sealed class WebhookHttp : IDisposable
{
    private readonly HttpClient _client;

    public WebhookHttp(WebhookResolver resolver, IOptions<WebhooksOptions> options)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            MaxResponseHeadersLength = 64,
            MaxConnectionsPerServer = options.Value.MaxConcurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.Value.Timeout,
            ConnectCallback = GuardedHttp.Connect(resolver, allowPrivate),
        };
        GuardedHttp.Secure(handler, options.Value.TrustedCaFile);

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("SendGateway-Webhooks/1.0");
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => _client.Dispose();
}
