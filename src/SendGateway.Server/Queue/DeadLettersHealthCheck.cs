using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.Queue;

/// <summary>
/// <c>/readyz</c>'s <c>dead_letters</c> entry: degraded (still ready) while a shard holds more dead letters than
/// <see cref="QueueOptions.DeadLetterMaxLength"/>, naming the shards; they are kept, so an operator must look.
/// </summary>
internal sealed class DeadLettersHealthCheck(DeadLetters deadLetters, IOptions<QueueOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long[] counts;
        try
        {
            counts = await deadLetters.CountAsync(cancellationToken);
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            return HealthCheckResult.Healthy("Dead letters not counted: Redis does not answer (the storage check reports it).");
        }

        var cap = options.Value.DeadLetterMaxLength;
        var over = counts.Select((count, shard) => (count, shard)).Where(c => c.count > cap).ToList();
        return over.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"Dead letters above Queue:DeadLetterMaxLength ({cap}), all kept: {string.Join(", ", over.Select(o => $"shard {o.shard}: {o.count}"))}.");
    }
}
