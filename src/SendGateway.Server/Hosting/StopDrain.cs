using Microsoft.Extensions.Options;

namespace SendGateway.Server.Hosting;

/// <summary>
/// Holds a stop for <see cref="ApiOptions.StopDrainTime"/> before any service stops (reliability.md T94): from the stop
/// signal on <c>/readyz</c> answers 503 (<see cref="ReadinessCheck"/>) while the listeners still take requests, so a load
/// balancer drains the instance first; then Kestrel stops accepting and lets the requests in flight finish.
/// </summary>
internal sealed class StopDrain(IOptions<ApiOptions> options, ILogger<StopDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var drain = options.Value.StopDrainTime;
        if (drain > TimeSpan.Zero)
        {
            HostingLog.Draining(logger, drain);
            await Task.Delay(drain, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // a real wait: the load balancer's clock, not the service's
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
