using Microsoft.Extensions.Options;

namespace SendGateway.Server.Storage;

/// <summary>
/// A background loop that no fault ends: whatever escapes <see cref="RunAsync"/> (Redis or PostgreSQL down, a timeout,
/// a bug) is logged once per outage through <see cref="Outage"/>, and the loop starts again after a back-off. Without it
/// the host's default (StopHost) would end every role of the process when one loop throws.
/// </summary>
internal abstract class ResilientBackgroundService(string name, ILogger logger, IOptions<ResilienceOptions> options, TimeProvider time) : BackgroundService
{
    protected Outage Outage { get; } = new(name, logger, options.Value, time);

    protected TimeProvider Time { get; } = time;

    /// <summary>The loop; return only when stopping. An exception restarts it after a pause.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                await Outage.PauseAfterAsync(e, stoppingToken);
            }
        }
    }
}
