using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendGateway.Client;

/// <summary>Sends one API request and turns its answer into a typed value or a <see cref="SendGatewayException"/>.</summary>
internal sealed class ApiConnection(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Operations that take an <c>Idempotency-Key</c> get a fresh one per call unless the caller gives one, so a retry never does the work twice.</summary>
    public Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, bool idempotent = false, string? idempotencyKey = null) =>
        ExchangeAsync<T>(Request(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), idempotent, idempotencyKey), cancellationToken);

    public async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: Json), false, null);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public Task<T> SendContentAsync<T>(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken) =>
        ExchangeAsync<T>(Request(method, path, content, false, null), cancellationToken);

    private async Task<T> ExchangeAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new SendGatewayException(response.StatusCode, null, "Empty answer", "The API answered without a body.", null);
        }
    }

    /// <summary>A GET whose <paramref name="accessReason"/> goes in <c>X-Access-Reason</c> (operator access to a tenant's data).</summary>
    public Task<T> GetAsync<T>(string path, string accessReason, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Get, path, null, false, null);
        request.Headers.Add("X-Access-Reason", accessReason);
        return ExchangeAsync<T>(request, cancellationToken);
    }

    /// <summary>The answer's body as a stream; disposing the stream ends the response.</summary>
    public Task<Stream> GetStreamAsync(string path, CancellationToken cancellationToken) => GetStreamAsync(path, null, cancellationToken);

    /// <summary>A streamed GET; <paramref name="accessReason"/> goes in <c>X-Access-Reason</c> (operator access to a tenant's data).</summary>
    public async Task<Stream> GetStreamAsync(string path, string? accessReason, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null, false, null);
        if (accessReason is not null)
        {
            request.Headers.Add("X-Access-Reason", accessReason);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            return new ResponseStream(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, bool idempotent, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotent || idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString("N"));
        }

        return request;
    }

    internal static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ProblemBody? problem = null;
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not problem details (a proxy's page, say): the status alone is reported.
            }
        }

        var retryAfter = response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;
        throw new SendGatewayException(response.StatusCode, problem?.Type, problem?.Title ?? ReasonOf(response), problem?.Detail, problem?.Errors, retryAfter);
    }

    private static string ReasonOf(HttpResponseMessage response) => response.ReasonPhrase ?? ((HttpStatusCode)(int)response.StatusCode).ToString();

    private sealed record ProblemBody(string? Type, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
