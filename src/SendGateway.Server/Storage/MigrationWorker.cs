namespace SendGateway.Server.Storage;

/// <summary>Runs migrations when the host starts, before any other hosted service (registered first).</summary>
public sealed class MigrationWorker(MigrationRunner runner, ILogger<MigrationWorker> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await runner.RunAsync(cancellationToken);
        StorageLog.MigrationsDone(logger, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
