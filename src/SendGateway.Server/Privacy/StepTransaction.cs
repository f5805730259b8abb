using Npgsql;

namespace SendGateway.Server.Privacy;

/// <summary>
/// What erasure, retention and tenant deletion share: one connection and one transaction, a batch the steps write in,
/// every step in order, then a commit unless the batch says there was nothing to do (the transaction then rolls back).
/// </summary>
internal static class StepTransaction
{
    public static async Task<TBatch> RunAsync<TStep, TBatch>(
        NpgsqlDataSource dataSource, IReadOnlyList<TStep> steps, Func<NpgsqlConnection, NpgsqlTransaction, TBatch> batchFor, Func<TStep, TBatch, CancellationToken, Task> run,
        Func<TBatch, bool>? commitIf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = batchFor(connection, transaction);
        foreach (var step in steps)
        {
            await run(step, batch, cancellationToken);
        }

        if (commitIf?.Invoke(batch) ?? true)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return batch;
    }
}
