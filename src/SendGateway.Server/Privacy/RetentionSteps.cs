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
    public async Task<long> AnonymizeAsync(string tenantId, IReadOnlyList<(string Id, string Masked, string Hash)> rows, bool dropMetadata, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new AnonymizationBatch(tenantId, rows, dropMetadata, connection, transaction);
        foreach (var step in _steps)
        {
            await step.AnonymizeAsync(batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch.MessagesAnonymized;
    }

    /// <summary>Drops whole chunks (day partitions of events) that end before <paramref name="cutoff"/>; how many.</summary>
    public async Task<long> DropOlderThanAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var sweep = new RetentionSweep(cutoff, connection, transaction);
        foreach (var step in _steps)
        {
            await step.DropOlderThanAsync(sweep, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return sweep.PartitionsDropped;
    }

    /// <summary>One round of a tenant's retention: at most <paramref name="limit"/> rows of each table older than <paramref name="cutoff"/>, or expired by <paramref name="now"/>.</summary>
    public async Task<RetentionBatch> DeleteOlderThanAsync(string tenantId, DateTime now, DateTime cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new RetentionBatch(tenantId, now, cutoff, limit, connection, transaction);
        foreach (var step in _steps)
        {
            await step.DeleteOlderThanAsync(batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch;
    }
}
