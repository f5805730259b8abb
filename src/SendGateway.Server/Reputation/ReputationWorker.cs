using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Reputation;

/// <summary>
/// The events role's rounds, every <see cref="ReputationOptions.EvaluateInterval"/>: each tenant with events in the
/// window has its rates (its own and each sender domain's) compared with its lines. Over a pause line it is paused, over
/// a warn line warned once (until its rates are back under every warn line, when the warning is cleared); a paused
/// tenant is left to the operator. The start of the last round done is kept in Redis (<see cref="ReputationKeys.LastRound"/>).
/// </summary>
internal sealed class ReputationWorker(
    ReputationCounter counter, ReputationGuard guard, TenantStore tenants, TenantPauseStore pauses, IOptions<ReputationOptions> options, TimeProvider time,
    ILogger<ReputationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.Value.Enabled)
                {
                    await RunRoundAsync(stoppingToken);
                }
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                ReputationLog.RoundFailed(logger, e.Message);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                ReputationLog.RoundBroke(logger, e); // the guard never stops the events role
            }

            await Task.Delay(options.Value.EvaluateInterval, time, stoppingToken);
        }
    }

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        foreach (var tenantId in await counter.ActiveAsync(options.Value.MaxTenantsPerRound, cancellationToken))
        {
            if (await tenants.GetAsync(tenantId, cancellationToken) is not { PausedAt: null } tenant)
            {
                continue; // gone, or paused: only an operator resumes it
            }

            var (own, domains) = await counter.ReadAsync(tenantId, cancellationToken);
            var lines = ReputationLines.For(tenant, options.Value);
            var verdicts = domains.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => lines.Judge(d.Value, $"sender domain {d.Key}: "))
                .Prepend(lines.Judge(own, string.Empty)).ToList();
            var worst = verdicts.OrderByDescending(v => v.Level).First();
            var rates = ReputationRates.From(own);
            switch (worst.Level)
            {
                case ReputationLevel.Pause:
                    await guard.PauseAsync(tenantId, worst.Reason!, ReputationGuard.ByGuard, rates, cancellationToken);
                    break;
                case ReputationLevel.Warn when tenant.ReputationWarning is null:
                    await guard.WarnAsync(tenantId, worst.Reason!, rates, cancellationToken);
                    break;
                case ReputationLevel.None when tenant.ReputationWarning is not null:
                    await pauses.ClearWarningAsync(tenantId, cancellationToken);
                    break;
            }
        }

        await counter.RoundDoneAsync(started, cancellationToken);
    }
}
