using System.Text.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Domains;

/// <summary>
/// The events role's re-check of verified domains, every <see cref="DomainProofOptions.SweepInterval"/>: each domain
/// verified from DNS and due (<see cref="DomainProofOptions.RecheckInterval"/>) is claimed by one node and its DKIM
/// record looked up. Missing (or another key) <see cref="DomainProofOptions.MissingChecksToStop"/> times in a row, the
/// domain stops sending: a <c>domain.unverified</c> webhook event, an audit entry and the panel's notice. A DNS
/// failure counts for nothing. Adding the record back and verifying resumes it. Pending claims past
/// <see cref="DomainProofOptions.PendingClaimExpiry"/> are removed.
/// </summary>
internal sealed class DomainRecheckWorker(
    DomainRecheckStore recheck, DomainStore domains, DomainVerifier verifier, DomainViews views, DomainChanges changes, IAuditTrail audit,
    IOptions<DomainProofOptions> options, IOptions<ResilienceOptions> resilience, TimeProvider time, ILogger<DomainRecheckWorker> logger)
    : ResilientBackgroundService("Domain re-check", logger, resilience, time)
{
    public const string AuditActor = "system (domain re-check)";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
                Outage.Succeeded();
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                Outage.Failed(e); // runs again at the next sweep
            }

            await Task.Delay(options.Value.SweepInterval, Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = Time.GetUtcNow();
        if (await domains.ExpirePendingAsync(now - o.PendingClaimExpiry, cancellationToken) is > 0 and var expired)
        {
            DomainsLog.PendingExpired(logger, expired);
        }

        foreach (var domain in await recheck.ClaimDueAsync(now - o.RecheckInterval, o.RecheckBatchSize, cancellationToken))
        {
            var record = views.DkimOf(domain);
            string state;
            try
            {
                state = (await verifier.CheckAsync([record], cancellationToken)).Single().State;
            }
            catch (DnsClient.DnsResponseException)
            {
                state = "dns_error"; // no answer (a timeout): says nothing about the record
            }

            if (state == "verified")
            {
                await recheck.FoundAsync(domain.TenantId, domain.Name, cancellationToken);
                continue;
            }

            if (state == "dns_error")
            {
                continue;
            }

            var payload = JsonSerializer.Serialize(new[] { new DomainUnverifiedEvent(Webhooks.WebhookEventTypes.DomainUnverified, domain.Name, now, o.MissingChecksToStop, record) }, Json);
            if (await recheck.MissingAsync(domain.TenantId, domain.Name, o.MissingChecksToStop, payload, cancellationToken))
            {
                DomainsLog.Unverified(logger, domain.TenantId, domain.Name, o.MissingChecksToStop);
                await audit.AppendAsync(domain.TenantId, AuditActor, AuditActions.DomainUnverified, $"name={domain.Name}", null,
                    $"DKIM record missing {o.MissingChecksToStop} checks in a row: sending stopped", cancellationToken);
                await changes.ChangedAsync(domain.TenantId, domain.Name, cancellationToken);
            }
        }
    }

    /// <summary>The <c>domain.unverified</c> webhook event (one per batch): which domain stopped, when, after how many checks, and the record to publish again.</summary>
    private sealed record DomainUnverifiedEvent(string Type, string Domain, DateTimeOffset OccurredAt, int MissingChecks, DnsRecord Record);
}
