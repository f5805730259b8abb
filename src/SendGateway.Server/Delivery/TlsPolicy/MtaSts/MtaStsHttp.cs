using System.Net;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Options;
using SendGateway.Server.TlsReports;
using SendGateway.Server.Webhooks;

namespace SendGateway.Server.Delivery.TlsPolicy.MtaSts;

/// <summary>
/// Fetches <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c> (RFC 8461 §3.3) with a handler shaped like the
/// webhook dispatcher's: the host resolved through the configured name servers and refused when any address is
/// private (the webhook address guard), connected to the address it checked; no redirects, no decompression, no
/// cookies, no proxy, HTTP cache headers ignored. Only a 200 with <c>text/plain</c> counts; the body is read up to
/// <see cref="MtaStsOptions.MaxPolicyBytes"/> and the whole fetch ends within <see cref="MtaStsOptions.FetchTimeout"/>.
/// The certificate must be valid now and name <c>mta-sts.&lt;domain&gt;</c> (machine roots or <see cref="MtaStsOptions.TrustedCaFile"/>).
/// </summary>
internal sealed class MtaStsHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly MtaStsOptions _options;

    public MtaStsHttp(WebhookResolver resolver, IOptions<MtaStsOptions> options)
    {
        _options = options.Value;
        var allowPrivate = _options.AllowPrivateNetworks;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            MaxResponseHeadersLength = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = _options.FetchTimeout,
            ConnectCallback = GuardedHttp.Connect(resolver, allowPrivate),
        };
        GuardedHttp.Secure(handler, _options.TrustedCaFile);

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("SendGateway-MtaSts/1.0");
    }

    public async Task<MtaStsFetch> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        var port = _options.HttpsPort == 443 ? string.Empty : $":{_options.HttpsPort}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://mta-sts.{domain}{port}/.well-known/mta-sts.txt");
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return Failed($"HTTP {(int)response.StatusCode}, not 200");
            }

            if (response.Content.Headers.ContentType?.MediaType is not { } type || !type.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                return Failed("the Content-Type is not text/plain");
            }

            if (response.Content.Headers.ContentLength > _options.MaxPolicyBytes)
            {
                return Failed($"the policy is larger than {_options.MaxPolicyBytes} bytes");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await ReadCappedAsync(body, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no policy within {_options.FetchTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
        {
            return new MtaStsFetch(null, TlsResultTypes.StsWebPkiInvalid, "the policy host's certificate is not valid for it");
        }
        catch (HttpRequestException e)
        {
            return Failed(e.Message);
        }
        catch (IOException e)
        {
            return Failed(e.Message);
        }
    }

    private async Task<MtaStsFetch> ReadCappedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxPolicyBytes + 1];
        var length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > _options.MaxPolicyBytes)
            {
                return Failed($"the policy is larger than {_options.MaxPolicyBytes} bytes");
            }
        }

        try
        {
            return new MtaStsFetch(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length), null, null);
        }
        catch (DecoderFallbackException)
        {
            return new MtaStsFetch(null, TlsResultTypes.StsPolicyInvalid, "the policy is not UTF-8 text");
        }
    }

    private static MtaStsFetch Failed(string detail) => new(null, TlsResultTypes.StsPolicyFetchError, detail);

    public void Dispose() => _client.Dispose();
}
