using Npgsql;
using SendGateway.Server.PrivacyContract;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The PostgreSQL side of erasure: every folder's <see cref="IErasureStep"/> in <see cref="PrivacySteps"/> order, in one
/// transaction. They delete the recipients' events (and their webhook outbox rows), webhook batches whose payload names
/// them, messages and bounce counters; suppression rows are replaced by keyed-hash rows, and an address that was not
/// suppressed becomes so (reason <c>manual</c>), so the person stays unmailable.
/// </summary>
internal sealed class ErasureSteps(NpgsqlDataSource dataSource, IEnumerable<IErasureStep> steps)
{
    private readonly IErasureStep[] _steps = PrivacySteps.Arrange(steps, PrivacyParts.Erasure);

    public async Task<ErasureBatch> EraseAsync(string tenantId, IReadOnlyList<(string Email, string Hash)> people, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = new ErasureBatch(tenantId, people, connection, transaction);
        foreach (var step in _steps)
        {
            await step.EraseAsync(batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return batch;
    }
}
