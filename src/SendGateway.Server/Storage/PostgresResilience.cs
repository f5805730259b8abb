using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SendGateway.Server.Storage;

/// <summary>
/// The pipeline around background PostgreSQL writes (style.md E13: Polly for infrastructure only): a few quick
/// retries with jittered back-off on transient failures, under an overall timeout. Built once from <see cref="ResilienceOptions"/>.
/// </summary>
internal sealed class PostgresResilience(IOptions<ResilienceOptions> options)
{
    public ResiliencePipeline Writes { get; } = new ResiliencePipelineBuilder()
        .AddTimeout(options.Value.PostgresWriteTimeout)
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
            MaxRetryAttempts = Math.Max(1, options.Value.PostgresWriteRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.Value.PostgresWriteRetryDelay,
        })
        .AddTimeout(options.Value.PostgresWriteAttemptTimeout)
        .Build();
}
