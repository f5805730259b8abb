using Dapper;
using SendGateway.Server.Events;

namespace SendGateway.Server.Suppressions;

/// <summary>
/// Events about a person erased since they were recorded in Redis (reliability.md T105): a delivery attempt in flight
/// during the erasure, or a send to them dropped afterwards, reports its outcome with the plain address. Before the
/// insert, the staged events whose recipient is suppressed by keyed hash only (what erasure leaves) are discarded, so
/// no event, message row, kept copy, webhook payload or bounce count brings the address back.
/// </summary>
internal sealed class ErasedRecipientsStep(AddressHashes hashes, ILogger<ErasedRecipientsStep> logger) : IIngestStep
{
    public async Task ApplyAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var people = batch.Events.Where(e => e.TenantId is not null && e.Recipient.Length > 0)
            .Select(e => (Tenant: e.TenantId!, Email: e.Recipient.ToLowerInvariant())).Distinct().ToList();
        if (people.Count == 0)
        {
            return;
        }

        var discarded = await batch.Connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM ev_stage s
            USING unnest(@tenants, @emails, @hashes) AS p (tenant_id, email, hash)
            JOIN suppressions x ON x.tenant_id = p.tenant_id AND x.email = p.hash
            WHERE s.tenant_id = p.tenant_id AND lower(s.recipient) = p.email
            """,
            new
            {
                tenants = people.Select(p => p.Tenant).ToArray(), emails = people.Select(p => p.Email).ToArray(),
                hashes = people.Select(p => hashes.For(p.Email)).ToArray(),
            }, batch.Transaction, cancellationToken: cancellationToken));
        if (discarded > 0)
        {
            SuppressionsLog.ErasedEventsDiscarded(logger, discarded);
        }
    }
}
