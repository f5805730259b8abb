using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;
using StackExchange.Redis;

namespace SendGateway.Server.TlsReports;

/// <summary>
/// The events role's daily job: every <see cref="TlsReportsOptions.CheckInterval"/>, once the clock (the injected
/// <see cref="TimeProvider"/>) is past <see cref="TlsReportsOptions.SendAt"/>, each domain counted on the previous UTC
/// day is handed to <see cref="TlsReportDispatcher"/> until its report is settled. Domains settled are remembered for
/// the day, so later rounds only look at the rest.
/// </summary>
internal sealed class TlsReportWorker(
    IConnectionMultiplexer redis, TlsReportDispatcher dispatcher, IOptions<TlsReportsOptions> options, TimeProvider time, ILogger<TlsReportWorker> logger)
    : BackgroundService
{
    private DateOnly _day;
    private HashSet<string> _settled = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                TlsReportsLog.RoundFailed(logger, e);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                TlsReportsLog.RoundBroke(logger, e); // a report job never stops the events role; the next round tries again
            }

            await Task.Delay(options.Value.CheckInterval, time, stoppingToken);
        }
    }

    /// <summary>The day whose reports are due now: the day before the one that began at <see cref="TlsReportsOptions.SendAt"/> last.</summary>
    public static DateOnly ReportDay(DateTimeOffset now, TimeSpan sendAt) => DateOnly.FromDateTime((now - sendAt).UtcDateTime).AddDays(-1);

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        var date = ReportDay(time.GetUtcNow(), options.Value.SendAt);
        if (date != _day)
        {
            (_day, _settled) = (date, new HashSet<string>(StringComparer.Ordinal));
        }

        var day = TlsReportKeys.Day(date);
        var domains = await redis.GetDatabase().SetMembersAsync(TlsReportKeys.Domains(day));
        foreach (var domain in domains.Select(d => d.ToString()).Where(d => !_settled.Contains(d)).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await dispatcher.RunAsync(date, domain, cancellationToken) is { } state)
            {
                _settled.Add(domain);
            }
        }
    }
}
