namespace SendGateway.Server.Privacy;

/// <summary>
/// Fails the start when the registered erasure, retention or tenant-deletion steps do not match
/// <see cref="PrivacySteps.Owners"/> (a step not declared, or a declared one missing): each runner arranges its steps when built.
/// </summary>
internal sealed class PrivacyStepsCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ErasureSteps>();
        services.GetRequiredService<RetentionSteps>();
        services.GetRequiredService<TenantDeletionSteps>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
