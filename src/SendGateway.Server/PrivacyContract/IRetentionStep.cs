namespace SendGateway.Server.PrivacyContract;

/// <summary>
/// One folder's part of the privacy job (<c>Privacy/RetentionWorker</c>): masking addresses past a tenant's
/// anonymisation delay, dropping whole chunks older than the longest retention of any tenant, and deleting what is
/// older than one tenant's own retention. Each runs in the batch's transaction; Privacy runs the steps in its one
/// declared order (<c>Privacy/PrivacySteps</c>). A folder implements only the parts it has rows for.
/// </summary>
internal interface IRetentionStep
{
    Task AnonymizeAsync(AnonymizationBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;

    Task DropOlderThanAsync(RetentionSweep sweep, CancellationToken cancellationToken) => Task.CompletedTask;

    Task DeleteOlderThanAsync(RetentionBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
