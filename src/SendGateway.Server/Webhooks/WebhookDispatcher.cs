using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SendGateway.Server.Storage;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// The <c>events</c> role's webhook loop (api.md §6): batches each endpoint's outbox, then sends due batches with bounded
/// concurrency and at most one request in flight per endpoint, so a dead or hanging endpoint holds one slot and never
/// slows another tenant's. Every attempt is recorded; 2xx ends a batch, 410 disables the endpoint, anything else is
/// retried on <see cref="WebhookRetrySchedule"/> with the same <c>webhook-id</c>; when the schedule runs out the endpoint
/// is disabled too. A disabled endpoint is written to the tenant's audit log and its admins are mailed. An endpoint
/// whose circuit is open (<see cref="WebhookCircuitBreaker"/>) is not claimed: its batches wait untouched.
/// </summary>
internal sealed class WebhookDispatcher(
    WebhookBatchStore batches, WebhookStore webhooks, WebhookSender sender, WebhookRetrySchedule schedule, WebhookCircuitBreaker breaker,
    IOptions<WebhooksOptions> options, IOptions<JsonOptions> json, IOptions<ResilienceOptions> resilience, TimeProvider time, IAuditTrail audit, IWebhookNotice notice,
    ILogger<WebhookDispatcher> logger)
    : ResilientBackgroundService("Webhook dispatch", logger, resilience, time)
{
    public const string AuditActor = "system (webhook dispatch)";
    private readonly ConcurrentDictionary<string, bool> _busy = new();

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var slots = new SemaphoreSlim(o.MaxConcurrency); // not disposed: attempts still running at shutdown release it
        var lease = o.Timeout * 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FormBatchesAsync(stoppingToken);
                var free = slots.CurrentCount;
                if (free > 0)
                {
                    foreach (var batch in await batches.ClaimAsync([.. _busy.Keys, .. breaker.Open()], free, lease, stoppingToken))
                    {
                        await slots.WaitAsync(stoppingToken);
                        _busy[batch.WebhookId] = true;
                        _ = Task.Run(() => AttemptAsync(batch, slots, stoppingToken), CancellationToken.None);
                    }
                }

                Outage.Succeeded();
            }
            catch (Exception e) when (Outage.IsTransient(e))
            {
                await Outage.PauseAfterAsync(e, stoppingToken); // once per outage, not every poll interval
                continue;
            }

            await Task.Delay(o.PollInterval, Time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task FormBatchesAsync(CancellationToken cancellationToken)
    {
        foreach (var (id, tenantId, batchSize) in await batches.EndpointsWithOutboxAsync(options.Value.EndpointsPerRound, cancellationToken))
        {
            // Bounded per round: a flood for one endpoint becomes batches over several rounds while others get theirs.
            for (var i = 0; i < options.Value.BatchesPerEndpointPerRound && await batches.FormBatchAsync(id, tenantId, batchSize, json.Value.SerializerOptions, cancellationToken) is not null; i++)
            {
            }
        }
    }

    private async Task AttemptAsync(ClaimedBatch batch, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var at = Time.GetUtcNow();
            var result = await sender.SendAsync(batch.Url, webhooks.SigningSecrets(batch.Secret, batch.PreviousSecret), batch.Id, batch.Payload, cancellationToken);
            breaker.Record(batch.WebhookId, result);
            await webhooks.RecordAttemptAsync(batch.TenantId, batch.WebhookId, batch.Id, batch.Attempts, at.UtcDateTime, result, batch.EventCount, cancellationToken);
            SendGatewayMetrics.WebhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", result.Succeeded ? "ok" : result.Error));
            if (result.Succeeded)
            {
                await batches.DeliveredAsync(batch.Id, cancellationToken);
                return;
            }

            WebhooksLog.AttemptFailed(logger, batch.WebhookId, batch.Id, batch.Attempts, result.Error, result.StatusCode);
            if (result.StatusCode == StatusCodes.Status410Gone)
            {
                WebhooksLog.Disabled(logger, batch.WebhookId);
                await batches.DisableAsync(batch.WebhookId, batch.Id, "gone", cancellationToken);
                breaker.Forget(batch.WebhookId);
                await TellTenantAsync(batch, "gone", "the endpoint answered 410 Gone", cancellationToken);
                return;
            }

            var created = new DateTimeOffset(DateTime.SpecifyKind(batch.CreatedAt, DateTimeKind.Utc));
            var next = schedule.Next(created, batch.Attempts, Time.GetUtcNow(), result.RetryAfter, Random.Shared.NextDouble());
            if (next is null)
            {
                WebhooksLog.GaveUp(logger, batch.WebhookId, batch.Id, batch.Attempts);
                await batches.GiveUpAsync(batch.WebhookId, cancellationToken);
                breaker.Forget(batch.WebhookId);
                await TellTenantAsync(batch, "failing", $"batch {batch.Id} failed for {options.Value.MaxRetryAge} after {batch.Attempts} attempts", cancellationToken);
                return;
            }

            await batches.RetryAsync(batch.Id, next, cancellationToken);
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            Outage.Failed(e); // The lease runs out and the batch is tried again.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WebhooksLog.AttemptThrew(logger, e, batch.WebhookId, batch.Id); // The lease runs out and the batch is tried again.
        }
        finally
        {
            _busy.TryRemove(batch.WebhookId, out _);
            slots.Release();
        }
    }

    /// <summary>The audit entry, then the mail to the tenant's admins (a mail that cannot go leaves the audit entry as the notice).</summary>
    private async Task TellTenantAsync(ClaimedBatch batch, string reason, string why, CancellationToken cancellationToken)
    {
        await audit.AppendAsync(batch.TenantId, AuditActor, AuditActions.WebhookDisabled, $"id={batch.WebhookId}", null, $"{reason}: {why}", cancellationToken);
        var mailed = await notice.DisabledAsync(batch.TenantId, batch.WebhookId, batch.Url, reason, cancellationToken);
        WebhooksLog.TenantTold(logger, batch.WebhookId, reason, mailed);
    }
}
