using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Delivery;

/// <summary>Moves due retries and scheduled sends from each shard's sorted set back to its stream; pauses through a Redis outage.</summary>
internal sealed class ScheduleWorker(
    OutboundQueue queue, IOptions<DeliveryOptions> options, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<ScheduleWorker> logger)
    : ResilientBackgroundService("Schedule", logger, resilience, time)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var batch = options.Value.ScheduleMoveBatch;
        using var timer = new PeriodicTimer(options.Value.ScheduleInterval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                for (var shard = 0; shard < queue.Shards && !stoppingToken.IsCancellationRequested; shard++)
                {
                    while (await queue.MoveDueAsync(shard, batch, stoppingToken) == batch && !stoppingToken.IsCancellationRequested)
                    {
                        // More are due: keep moving.
                    }
                }

                Outage.Succeeded();
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                await Outage.PauseAfterAsync(e, stoppingToken);
            }
        }
    }
}
