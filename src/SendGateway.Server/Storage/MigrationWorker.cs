using Microsoft.Extensions.Options;
using Npgsql;

namespace SendGateway.Server.Storage;

/// <summary>
/// Runs migrations when the host starts, before any other hosted service (registered first). When PostgreSQL cannot be
/// reached then, the process does not exit: the migrations are retried in the background with the outage back-off (one
/// log line when the outage starts, one when it ends), <c>/readyz</c> answers 503 until they have run, and the other
/// services start and ride out the outage as they would any other.
/// </summary>
internal sealed class MigrationWorker(MigrationRunner runner, IOptions<ResilienceOptions> options, TimeProvider time, ILogger<MigrationWorker> logger)
    : IHostedService
{
    private readonly Outage _outage = new("Migrations", logger, options.Value, time);
    private readonly CancellationTokenSource _stopping = new(); // no timer, so not disposed: a host may be stopped after its disposal
    private Task _waiting = Task.CompletedTask;
    private volatile bool _done;

    /// <summary>The schema is up to date (for <c>/readyz</c>).</summary>
    public bool Done => _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
        {
            _waiting = WaitForPostgresAsync(_outage.Failed(e), _stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _waiting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// PostgreSQL cannot be reached or does not take connections yet (starting, shutting down, full); a migration that
    /// fails for its SQL still stops the start, as before.
    /// </summary>
    private static bool IsUnreachable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "53300",
        _ => Outage.IsTransient(e) || e is TimeoutException,
    };

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var applied = await runner.RunAsync(cancellationToken);
        _outage.Succeeded();
        _done = true;
        StorageLog.MigrationsDone(logger, applied);
    }

    private async Task WaitForPostgresAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await RunAsync(cancellationToken);
                return;
            }
            catch (Exception e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                pause = _outage.Failed(e);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
