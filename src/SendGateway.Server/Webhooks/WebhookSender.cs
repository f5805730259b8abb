using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// One signed POST (api.md §6): the batch's JSON array with <c>webhook-id</c> (the batch id, stable across attempts),
/// a fresh <c>webhook-timestamp</c> and <c>webhook-signature</c>. The response body is never read.
/// </summary>
internal sealed class WebhookSender(WebhookHttp http, IOptions<WebhooksOptions> options, TimeProvider time)
{
    public async Task<AttemptResult> SendAsync(string url, IReadOnlyList<string> secrets, string webhookMessageId, string payload, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", webhookMessageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.SignAll(secrets, webhookMessageId, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            var error = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => "redirect",
                _ => "http_status",
            };
            return new AttemptResult(status, Elapsed(clock), error, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptResult(null, Elapsed(clock), "timeout");
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookBlockedException)
        {
            return new AttemptResult(null, Elapsed(clock), "blocked_destination");
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return new AttemptResult(null, Elapsed(clock), "tls_failed"); // a certificate refused: no fallback, retried on schedule
        }
        catch (HttpRequestException)
        {
            return new AttemptResult(null, Elapsed(clock), "connection_failed");
        }
    }

    private static int Elapsed(Stopwatch clock) => (int)Math.Min(clock.ElapsedMilliseconds, int.MaxValue);

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };
}
