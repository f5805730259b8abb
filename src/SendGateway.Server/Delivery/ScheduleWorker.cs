using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.Server.Delivery;

/// <summary>Moves due retries and scheduled sends from each shard's sorted set back to its stream.</summary>
public sealed class ScheduleWorker(OutboundQueue queue, IOptions<DeliveryOptions> options, ILogger<ScheduleWorker> logger) : BackgroundService
{
    private const int MaxPerCall = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScheduleInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            for (var shard = 0; shard < queue.Shards; shard++)
            {
                try
                {
                    while (await queue.MoveDueAsync(shard, MaxPerCall, stoppingToken) == MaxPerCall && !stoppingToken.IsCancellationRequested)
                    {
                        // More are due: keep moving.
                    }
                }
                catch (RedisException e)
                {
                    DeliveryLog.QueueFailed(logger, e, shard);
                }
            }
        }
    }
}
