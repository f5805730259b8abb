namespace SendGateway.Server.Relay;

/// <summary>
/// The relay's graceful stop (reliability.md T94). When the host starts stopping, every relay session is told
/// (<see cref="Stopping"/>): new and idle sessions get <c>421 4.3.2</c> and close, a message being received is received
/// and answered first. Kestrel unbinds the relay ports as soon as its own stop begins; this service's
/// <see cref="StoppingAsync"/> runs before any hosted service's stop, so the ports stay bound and answer 421 until the
/// open sessions have ended, or until the host's shutdown timeout.
/// </summary>
internal sealed class RelayShutdown(IHostApplicationLifetime lifetime, ILogger<RelayShutdown> logger) : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new(); // no timer, so not disposed: a host may be stopped after its disposal
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenRegistration _onStopping;
    private int _open;

    public CancellationToken Stopping => _stopping.Token;

    public void Opened() => Interlocked.Increment(ref _open);

    public void Closed()
    {
        if (Interlocked.Decrement(ref _open) == 0 && _stopping.IsCancellationRequested)
        {
            _drained.TrySetResult();
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // SIGTERM signals ApplicationStopping before the host stops its services: the sessions hear it at once.
        _onStopping = lifetime.ApplicationStopping.Register(Stop);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Stop();
        var open = Volatile.Read(ref _open);
        if (open == 0)
        {
            return;
        }

        RelayLog.Draining(logger, open);
        try
        {
            await _drained.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            RelayLog.DrainCut(logger, Volatile.Read(ref _open)); // the host's shutdown timeout; Kestrel closes the rest
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _onStopping.Dispose();

    private void Stop()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }

        if (Volatile.Read(ref _open) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
