using Npgsql;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The PostgreSQL side of the privacy job: every folder's <see cref="IRetentionStep"/> in <see cref="PrivacySteps"/>
/// order, one transaction per call (a batch of messages to mask, the partition sweep, one round of a tenant's retention).
/// </summary>
internal sealed class RetentionSteps(NpgsqlDataSource dataSource, IEnumerable<IRetentionStep> steps)
{
    private readonly IRetentionStep[] _steps = PrivacySteps.Arrange(steps, PrivacyParts.Retention);

    /// <summary>Masks the messages' addresses (events too) and, with <paramref name="dropMetadata"/>, their metadata; the messages changed.</summary>
    public async Task<long> AnonymizeAsync(string tenantId, IReadOnlyList<(string Id, string Masked, string Hash)> rows, bool dropMetadata, CancellationToken cancellationToken) =>
        (await StepTransaction.RunAsync(
            dataSource, _steps, (connection, transaction) => new AnonymizationBatch(tenantId, rows, dropMetadata, connection, transaction), (step, batch, ct) => step.AnonymizeAsync(batch, ct),
            null, cancellationToken)).MessagesAnonymized;

    /// <summary>Drops whole chunks (day partitions of events) that end before <paramref name="cutoff"/>; how many.</summary>
    public async Task<long> DropOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken) =>
        (await StepTransaction.RunAsync(
            dataSource, _steps, (connection, transaction) => new RetentionSweep(cutoff, connection, transaction), (step, sweep, ct) => step.DropOlderThanAsync(sweep, ct),
            null, cancellationToken)).PartitionsDropped;

    /// <summary>One round of a tenant's retention: at most <paramref name="limit"/> rows of each table older than <paramref name="cutoff"/>, or expired by <paramref name="now"/>.</summary>
    public Task<RetentionBatch> DeleteOlderThanAsync(string tenantId, DateTime now, DateTime cutoff, int limit, CancellationToken cancellationToken) =>
        StepTransaction.RunAsync(
            dataSource, _steps, (connection, transaction) => new RetentionBatch(tenantId, now, cutoff, limit, connection, transaction), (step, batch, ct) => step.DeleteOlderThanAsync(batch, ct),
            null, cancellationToken);
}
