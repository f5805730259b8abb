using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// POSTs a report to an https destination (RFC 8460 §5.4): the gzip body as <c>application/tlsrpt+gzip</c>. Guarded as
/// webhooks are: the host resolved once through <see cref="WebhookResolver"/>, blocked addresses, names and ports
/// refused (unless <see cref="TlsReportsOptions.AllowPrivateNetworks"/>), the checked address connected to, no
/// redirects, no proxy, a valid certificate for the host (machine roots or <see cref="TlsReportsOptions.TrustedCaFile"/>),
/// TLS 1.2 or 1.3, an answer within <see cref="TlsReportsOptions.HttpsTimeout"/>.
/// </summary>
internal sealed class TlsReportPoster : IDisposable
{
    private readonly HttpClient _client;
    private readonly TlsReportsOptions _settings;

    public TlsReportPoster(WebhookResolver resolver, IOptions<TlsReportsOptions> options)
    {
        _settings = options.Value;
        var allowPrivate = _settings.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false, UseProxy = false,
            MaxResponseHeadersLength = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(1), ConnectTimeout = _settings.HttpsTimeout,
            ConnectCallback = GuardedHttp.Connect(resolver, allowPrivate),
        };
        GuardedHttp.Secure(handler, _settings.TrustedCaFile);

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("SendGateway-TlsReports/1.0");
    }

    /// <summary>Null when the destination took the report (2xx), else why not (a status, a refusal, a timeout).</summary>
    public async Task<string?> PostAsync(TlsReport report, Uri destination, CancellationToken cancellationToken)
    {
        if (WebhookAddressGuard.IsBlockedPort(destination.Port) || (!_settings.AllowPrivateNetworks && WebhookAddressGuard.IsBlockedName(destination.Host)))
        {
            return "blocked destination";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.HttpsTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, destination) { Content = new ByteArrayContent(report.Gzip) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"status {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (HttpRequestException e)
        {
            return e.HttpRequestError.ToString();
        }
    }

    public void Dispose() => _client.Dispose();
}
