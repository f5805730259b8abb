using Microsoft.Extensions.Options;

namespace SendGateway.Server.Delivery.Shaping.Rules;

/// <summary>
/// Looks at the operator's rules file every <see cref="ShapingRulesOptions.ReloadInterval"/> (its content, not a file
/// watcher: editors replace files and volumes do not always signal) and applies a changed one on this node.
/// </summary>
internal sealed class ShapingRulesWorker(LiveShapingRuleSet rules, IOptions<ShapingRulesOptions> options, TimeProvider time, ILogger<ShapingRulesWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.OperatorFile))
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.ReloadInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                rules.ReloadIfChanged();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ShapingRulesLog.ReloadFailed(logger, e, rules.Current.Version);
            }
        }
    }
}
