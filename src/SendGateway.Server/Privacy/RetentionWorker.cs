using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using SendGateway.Server.Settings;
using SendGateway.Server.Storage;
using SendGateway.Server.Tenants;

namespace SendGateway.Server.Privacy;

/// <summary>
/// The events role's privacy job, every <c>Privacy:JobInterval</c>: masks the addresses of messages whose final status
/// is older than the tenant's <c>anonymize_after_minutes</c> (keeping a keyed hash for searches by the full address),
/// drops day partitions of <c>events</c> older than the longest retention of any tenant, deletes what is older than each
/// tenant's own retention, deletes Redis dead letters older than <c>Queue:DeadLetterRetention</c> (they keep the
/// recipient's address; every other Redis family with personal data leaves at the final status or under a TTL), and
/// logs what it removed.
/// </summary>
internal sealed class RetentionWorker(
    RetentionSteps steps, TenantStore tenants, TenantSettingsStore settings, MessageStore messages, AddressHashes hashes, Queue.DeadLetters deadLetters,
    IOptions<PrivacyOptions> options, IOptions<Queue.QueueOptions> queue, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<RetentionWorker> logger) : ResilientBackgroundService("Retention", logger, resilience, time)
{
    public RetentionReport? LastReport { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                LastReport = await RunOnceAsync(stoppingToken);
                var r = LastReport;
                if (r.MessagesAnonymized + r.PartitionsDropped + r.EventsDeleted + r.MessagesDeleted + r.WebhookBatchesDeleted + r.WebhookDeliveriesDeleted + r.DeadLettersDeleted > 0)
                {
                    PrivacyLog.Report(logger, r.MessagesAnonymized, r.PartitionsDropped, r.EventsDeleted, r.MessagesDeleted, r.WebhookBatchesDeleted, r.WebhookDeliveriesDeleted, r.DeadLettersDeleted);
                }

                Outage.Succeeded();
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                Outage.Failed(e); // runs again at the next interval
            }

            await Task.Delay(options.Value.JobInterval, Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task<RetentionReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var rules = await RulesAsync(cancellationToken);
        long anonymized = 0, events = 0, deleted = 0, batches = 0, deliveries = 0;
        foreach (var (tenantId, _, afterMinutes, dropMetadata) in rules.Where(r => r.AnonymizeAfterMinutes is not null))
        {
            for (var i = 0; i < o.MaxBatchesPerTenant; i++)
            {
                var due = await messages.DueForAnonymisationAsync(tenantId, afterMinutes!.Value, o.BatchSize, cancellationToken);
                if (due.Count == 0)
                {
                    break;
                }

                anonymized += await steps.AnonymizeAsync(tenantId, due.Select(d => (d.Id, AddressMask.Mask(d.Recipient), hashes.For(d.Recipient))).ToList(), dropMetadata, cancellationToken);
            }
        }

        var now = Time.GetUtcNow().UtcDateTime;
        var longest = rules.Select(r => r.RetentionDays ?? o.DefaultRetentionDays).DefaultIfEmpty(o.DefaultRetentionDays).Max();
        var dropped = await steps.DropOlderThanAsync(now.AddDays(-longest), cancellationToken);
        foreach (var (tenantId, days, _, _) in rules)
        {
            var cutoff = now.AddDays(-(days ?? o.DefaultRetentionDays));
            for (var i = 0; i < o.MaxBatchesPerTenant; i++)
            {
                var round = await steps.DeleteOlderThanAsync(tenantId, now, cutoff, o.BatchSize, cancellationToken);
                (events, deleted, batches, deliveries) = (events + round.Events, deleted + round.Messages, batches + round.WebhookBatches, deliveries + round.WebhookDeliveries);
                if (!round.Full)
                {
                    break;
                }
            }
        }

        var deadLettersDeleted = await deadLetters.ExpireAsync(Time.GetUtcNow() - queue.Value.DeadLetterRetention, cancellationToken);
        SendGatewayMetrics.RetentionRemoved.Add(events + deleted + batches + deliveries + deadLettersDeleted);
        return new RetentionReport(anonymized, dropped, events, deleted, batches, deliveries, deadLettersDeleted);
    }

    /// <summary>Every tenant with its privacy settings (none saved: the defaults).</summary>
    private async Task<IReadOnlyList<(string TenantId, int? RetentionDays, int? AnonymizeAfterMinutes, bool AnonymizeMetadata)>> RulesAsync(CancellationToken cancellationToken)
    {
        var saved = await settings.RetentionRulesAsync(cancellationToken);
        return [.. (await tenants.IdsAsync(cancellationToken)).Select(id => saved.TryGetValue(id, out var r) ? (id, r.RetentionDays, r.AnonymizeAfterMinutes, r.AnonymizeMetadata) : (id, null, null, false))];
    }
}
