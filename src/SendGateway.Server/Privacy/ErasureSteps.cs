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

    public Task<ErasureBatch> EraseAsync(string tenantId, IReadOnlyList<(string Email, string Hash)> people, CancellationToken cancellationToken) =>
        StepTransaction.RunAsync(
            dataSource, _steps, (connection, transaction) => new ErasureBatch(tenantId, people, connection, transaction), (step, batch, ct) => step.EraseAsync(batch, ct), null, cancellationToken);
}
