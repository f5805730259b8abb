using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace SendGateway.Client;

/// <summary>
/// The one retry rule: 429 and 503 are retried after their <c>Retry-After</c> (or an exponential delay with jitter when
/// they have none), at most <see cref="SendGatewayClientOptions.MaxRetries"/> times and never past
/// <see cref="SendGatewayClientOptions.MaxRetryDelay"/>; every other answer, 4xx above all, is returned as it is.
/// Sends are safe to retry because each carries an Idempotency-Key.
/// </summary>
public static class SendGatewayRetry
{
    /// <summary>Adds the retry strategy and the per-attempt timeout to a pipeline.</summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddSendGatewayRetry(this ResiliencePipelineBuilder<HttpResponseMessage> builder, SendGatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = arguments => ValueTask.FromResult(ShouldRetry(arguments.Outcome.Result, options.MaxRetryDelay)),
            });
        }

        return builder.AddTimeout(options.Timeout);
    }

    /// <summary>Whether an answer is retried: 429 or 503 whose Retry-After (if any) is within <paramref name="maxDelay"/>.</summary>
    public static bool ShouldRetry(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        if (response?.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return false;
        }

        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is null || delay <= maxDelay;
    }
}
