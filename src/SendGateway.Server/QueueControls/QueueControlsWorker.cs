using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;

namespace SendGateway.Server.QueueControls;

/// <summary>
/// Reads the controls in effect every <c>RefreshInterval</c> (the first read before the host's other services start), then
/// releases the mail of lifted holds and makes a new bounce's queued mail due. A read that fails keeps the last set and is
/// logged once per outage; the follow-ups that fail are tried again on the next refresh.
/// </summary>
internal sealed class QueueControlsWorker(
    ActiveQueueControls controls, HeldEntries held, BouncePromotion promotion, TimeProvider time, IOptions<QueueControlsOptions> options,
    ILogger<QueueControlsWorker> logger) : BackgroundService
{
    private readonly List<string> _releases = [];
    private readonly List<QueueControl> _bounces = [];
    private bool _failing;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken); // delivery starts with the controls in effect when PostgreSQL answers
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
                await FollowUpAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await controls.RefreshAsync(cancellationToken);
            if (_failing)
            {
                _failing = false;
                QueueControlsLog.RefreshRecovered(logger, controls.Current.Controls.Count);
            }
        }
        catch (Exception e) when (Outage.IsTransient(e) || e is TimeoutException)
        {
            if (!_failing)
            {
                _failing = true;
                QueueControlsLog.RefreshFailed(logger, e.GetType().Name, controls.Current.Controls.Count);
            }
        }
    }

    private async Task FollowUpAsync(CancellationToken cancellationToken)
    {
        _releases.AddRange(controls.TakeReleases());
        _bounces.AddRange(controls.TakeBounces(time.GetUtcNow()));
        try
        {
            while (_releases.Count > 0)
            {
                await held.ReleaseAsync(HoldReasons.ControlKey(_releases[^1]), cancellationToken);
                _releases.RemoveAt(_releases.Count - 1);
            }

            if (_bounces.Count > 0)
            {
                var promoted = await promotion.PromoteAsync(_bounces, cancellationToken);
                _bounces.Clear();
                if (promoted > 0)
                {
                    QueueControlsLog.BouncesPromoted(logger, promoted);
                }
            }
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            QueueControlsLog.FollowUpFailed(logger, e.GetType().Name);
        }
    }
}
