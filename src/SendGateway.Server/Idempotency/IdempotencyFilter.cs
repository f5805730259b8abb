using System.Security.Cryptography;
using System.Text.Json;

namespace SendGateway.Server.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> (api.md §1): the same key with the same body within 24 h replays the first response with
/// <c>Idempotent-Replayed: true</c> and does nothing again; a different body is 422 (reliability.md T43, the IETF
/// Idempotency-Key draft), a request while the first is still running 409. Keys are 1–256 characters and scoped to the tenant (or the operator), its API key, the method and the route.
/// <paramref name="rawBodyLimit"/> set: the raw body is the fingerprint (for handlers that read the body themselves).
/// </summary>
internal sealed class IdempotencyFilter(long? rawBodyLimit) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? key = http.Request.Headers[Header];
        if (key is null)
        {
            return await next(context);
        }

        if (key.Length is 0 or > 256 || key.Any(char.IsControl))
        {
            return Problems.Status(StatusCodes.Status400BadRequest, "Bad Idempotency-Key", "Idempotency-Key must be 1 to 256 printable characters.", "bad_idempotency_key");
        }

        if (rawBodyLimit is { } limit && http.Request.ContentLength > limit)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Requests are limited to {limit} bytes.", "payload_too_large");
        }

        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        var scope = ScopeOf(http);
        string fingerprint;
        try
        {
            fingerprint = await FingerprintAsync(context, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Status(StatusCodes.Status413PayloadTooLarge, "Payload too large", "The request body is over the limit.", "payload_too_large");
        }

        IdempotencyRecord? earlier;
        try
        {
            earlier = await store.ClaimAsync(scope, key, fingerprint, http.RequestAborted);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Redis is down: the key cannot be claimed, so nothing runs (reliability.md T44); the client retries with it.
            http.Response.Headers.RetryAfter = "5";
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "Nothing was done; retry later with the same Idempotency-Key.", "unavailable");
        }

        if (earlier is not null)
        {
            return earlier.Answer<object?>(
                fingerprint,
                conflict: Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", "This Idempotency-Key was used with a different request body.", "idempotency_conflict"),
                inProgress: Problems.Status(StatusCodes.Status409Conflict, "Request in progress", "A request with this Idempotency-Key is still being processed.", "idempotency_in_progress"),
                replay: r => new ReplayResult(r));
        }

        byte[] answer;
        try
        {
            http.Features.Set(new IdempotencyClaim(scope, key, fingerprint));
            var result = await next(context);
            if (result is not IResult executable)
            {
                await store.FinishAsync(scope, key, null, CancellationToken.None);
                return result;
            }

            // The outcome is decided (a 202 is queued by now): it is captured and kept even when the client has gone, so
            // its retry gets this answer, not a second run (reliability.md T45). Results write under RequestAborted.
            var (original, aborted) = (http.Response.Body, http.RequestAborted);
            using var captured = new MemoryStream();
            (http.Response.Body, http.RequestAborted) = (captured, CancellationToken.None);
            try
            {
                await executable.ExecuteAsync(http);
            }
            finally
            {
                (http.Response.Body, http.RequestAborted) = (original, aborted);
            }

            var record = new IdempotencyRecord(fingerprint, true, http.Response.StatusCode, System.Text.Encoding.UTF8.GetString(captured.ToArray()), http.Response.ContentType);
            // A 5xx or a 429 (quota) did nothing: the retry with the same key runs again, and meets the limit's own
            // Retry-After rather than a replay without it.
            await store.FinishAsync(scope, key, record.Status is >= 500 or StatusCodes.Status429TooManyRequests ? null : record, CancellationToken.None);
            answer = captured.ToArray();
        }
        catch
        {
            await store.FinishAsync(scope, key, null, CancellationToken.None);
            throw;
        }

        // Outside the release above: the answer is kept, so a client gone while it is sent gets it on its retry.
        await http.Response.Body.WriteAsync(answer, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>
    /// Stored answers belong to one caller and one operation: the tenant (or the operator) first, so a tenant's answers are
    /// found by prefix (erasure, offboarding), then the API key, the method and the route. Another key, or the same key on
    /// another endpoint, never receives an answer meant for this one (an API key's secret, say).
    /// </summary>
    private static string ScopeOf(HttpContext http)
    {
        var tenant = http.User.FindFirst(TenantClaims.Tenant)?.Value ?? "operator";
        var caller = http.User.FindFirst(TenantClaims.Key)?.Value ?? "operator";
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        var operation = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{caller}\n{http.Request.Method}\n{route}"));
        return $"{tenant}:{Convert.ToHexString(operation, 0, 12)}";
    }

    private async Task<string> FingerprintAsync(EndpointFilterInvocationContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (rawBodyLimit is { } limit)
        {
            RequestBodyLimit.Set(http, limit);
            http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);
            var hash = await SHA256.HashDataAsync(http.Request.Body, cancellationToken);
            http.Request.Body.Position = 0;
            return Convert.ToHexString(hash);
        }

        var bodies = context.Arguments.Where(a => a is not null && a.GetType().Name.EndsWith("Request", StringComparison.Ordinal));
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(bodies.ToList())));
    }

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.Status;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            httpContext.Response.ContentType = record.ContentType;
            await httpContext.Response.WriteAsync(record.Body ?? string.Empty, httpContext.RequestAborted);
        }
    }
}
