using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace SendGateway.Server.Storage;

/// <summary>
/// The pipeline around background PostgreSQL writes (style.md E13: Polly for infrastructure only): a few quick
/// retries with jittered back-off on transient failures, under an overall timeout. Built once.
/// </summary>
public static class PostgresResilience
{
    public static readonly ResiliencePipeline Writes = new ResiliencePipelineBuilder()
        .AddTimeout(TimeSpan.FromSeconds(60))
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient).Handle<TimeoutRejectedException>(),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
        })
        .AddTimeout(TimeSpan.FromSeconds(15))
        .Build();
}
