using MimeKit;
using SendGateway.Server.Delivery.Connections;
using SendGateway.Server.Delivery.Holds;
using SendGateway.Server.Delivery.Shaping;
using SendGateway.Server.Delivery.Shaping.Actions;
using SendGateway.Server.Delivery.Shaping.Rules;
using SendGateway.Server.Delivery.TlsPolicy;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Delivery.Pipeline;

/// <summary>
/// One delivery attempt as named steps (style.md E9), each made once: the tenant's pause, the destination's throttle and
/// the content's load (both Redis reads in flight at once), check the journal and the expiry, the operator's queue
/// controls, build and sign, then the simulator or resolve, pick a source, send, classify by the rules file and let the
/// shaping actions learn the reply. Any step may end the run with a <see cref="DeliveryOutcome"/>; the throttle learns
/// every outcome that was not deferred. Held mail (<see cref="HoldReasons"/>) goes back on the schedule with its hold key.
/// </summary>
internal sealed class DeliveryPipeline(
    DestinationThrottle throttle, ContentLoader contents, DeliveredJournal journal, RetrySchedule schedule, MessagePreparer preparer,
    IMxResolver resolver, SourcePicker sources, TlsPolicyResolver tlsPolicies, SmtpSender sender, ITenantPauses pauses, IQueueControls controls,
    IShapingRuleSet rules, IShapingActions actions, TimeProvider time, Microsoft.Extensions.Options.IOptions<DeliveryOptions> options)
{
    public async Task<(DeliveryOutcome Outcome, BatchContent? Content)> RunAsync(QueueEntry entry, bool reclaimed, CancellationToken cancellationToken)
    {
        var domain = Addresses.DomainOf(entry.Recipient);
        var simulated = Simulator.Handles(domain); // test mode: no destination, so no throttle
        var failuresCounted = false;
        // An expired entry is bounced without a throttle's say (a deferral would only bring it back at its expiry again).
        var expired = time.GetUtcNow() >= schedule.ExpiresAt(entry);
        if (!expired && await pauses.IsPausedAsync(entry.TenantId, cancellationToken))
        {
            // Accepted and held, not attempted; an operator's resume releases the key (the lifetime still runs).
            return (DeliveryOutcome.Held(options.Value.HeldRecheck, HoldReasons.TenantPaused, HoldReasons.TenantKey(entry.TenantId)), null);
        }

        var loading = contents.LoadAsync(entry, cancellationToken); // in flight together with the throttle's check
        if (!simulated && !expired)
        {
            // The destination rests or its budget is spent: back to the schedule before any work (later steps may still
            // defer: warm-up, source budget, busy MX).
            var check = throttle.DeferAsync(domain, cancellationToken);
            await Task.WhenAll(check, loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _ = loading.Exception; // observed here when the check's own failure is the one thrown
            (var wait, failuresCounted) = await check;
            if (wait is { } rest)
            {
                return (DeliveryOutcome.Deferred(rest, HoldReasons.DestinationThrottled), null);
            }
        }

        var (outcome, content) = await AttemptAsync(entry, await loading, domain, simulated, reclaimed, cancellationToken);
        if (!simulated && !expired && outcome.DeferFor is null && !outcome.ShapedPerSource)
        {
            try
            {
                await throttle.RecordAsync(domain, outcome, failuresCounted, cancellationToken);
            }
            catch (Exception e) when (Storage.Outage.IsTransient(e))
            {
                // The attempt was made (perhaps a 250): its outcome is recorded all the same; the throttle misses one lesson.
            }
        }

        return (outcome, content);
    }

    private async Task<(DeliveryOutcome Outcome, BatchContent? Content)> AttemptAsync(
        QueueEntry entry, BatchContent? content, string domain, bool simulated, bool reclaimed, CancellationToken cancellationToken)
    {
        var attempt = entry.Attempt + 1;
        if (content is null)
        {
            return (new DeliveryOutcome(EventTypes.Dropped, null, null, "content_expired"), null);
        }

        if (reclaimed && await journal.FindAsync(entry, cancellationToken) is (true, var detail))
        {
            // Only a reclaimed entry can have a journaled 250 (its worker died, or a store outage kept it from completing):
            // record it, never send twice.
            return (new DeliveryOutcome(EventTypes.Ok, null, detail ?? new SmtpDetail(250, null, "delivered in an earlier attempt", null, null, false, attempt)), content);
        }

        if (time.GetUtcNow() >= schedule.ExpiresAt(entry))
        {
            return (ExpiryOutcome.For(entry, attempt), content);
        }

        var pool = await sources.PoolOfAsync(entry.TenantId, content.IpPool, cancellationToken);
        switch (await controls.CheckAsync(entry.TenantId, domain, pool, entry.AcceptedAt, cancellationToken))
        {
            case { Action: QueueControlAction.Hold } hold:
                return (DeliveryOutcome.Held(options.Value.HeldRecheck, HoldReasons.Operator, HoldReasons.ControlKey(hold.ControlId)), content);
            case { Action: QueueControlAction.Bounce }:
                return (new DeliveryOutcome(EventTypes.Dropped, null, null, HoldReasons.Operator), content);
            case { Action: QueueControlAction.Rebind, Pool: var rebound }:
                pool = rebound;
                break;
        }

        if (pool is not null && !simulated && await sources.IsOnThisNodeAsync(pool, cancellationToken) == false)
        {
            // None of the pool's addresses is on this node (a stand-in's lane, a rebind to another node's pool): it waits
            // for a node that has them, never leaving from another pool's address (T78).
            return (DeliveryOutcome.Held(options.Value.HeldRecheck, HoldReasons.NoSourceAvailable, HoldReasons.PoolKey(pool)), content);
        }

        MimeMessage? message;
        try
        {
            message = await preparer.PrepareAsync(entry, content, cancellationToken);
        }
        catch (Templates.TemplateRenderException)
        {
            return (new DeliveryOutcome(EventTypes.Dropped, null, null, "template_error"), content); // the same on every retry
        }

        if (message is null)
        {
            return (new DeliveryOutcome(EventTypes.Dropped, null, null, "sender_domain_removed"), content);
        }

        var outcome = simulated ? Simulator.Outcome(entry.Recipient, attempt) : await RouteAndSendAsync(entry, pool, content, domain, message, attempt, cancellationToken);
        return (content.KeepContent == true && outcome.DeferFor is null && !outcome.Retry
            ? outcome with { SentMime = SentCopy.Capture(message, options.Value.MaxKeptContentBytes) }
            : outcome, content);
    }

    private async Task<DeliveryOutcome> RouteAndSendAsync(
        QueueEntry entry, string? pool, BatchContent content, string domain, MimeMessage message, int attempt, CancellationToken cancellationToken)
    {
        var resolved = await resolver.ResolveAsync(domain, attempt, cancellationToken);
        if (resolved.Failure is not null)
        {
            return resolved.Failure;
        }

        var provider = sources.ProviderOf(resolved.Targets);
        var (targets, deferred) = await sources.PickAsync(entry, pool, domain, provider, resolved.Targets, cancellationToken);
        if (deferred is not null)
        {
            return deferred;
        }

        var plan = await tlsPolicies.ResolveAsync(domain, targets, MessageTlsNeeds.Of(content), attempt, cancellationToken);
        var outcome = ReplyClassification.Apply(rules.Current, provider?.Name,
            plan.Failure ?? await sender.SendAsync(entry, domain, message, plan.Targets, attempt, cancellationToken));
        if (provider is not null && outcome.DeferFor is null)
        {
            try
            {
                await actions.ObserveAsync(provider.Name, targets[0].Source?.Address.ToString(), outcome, cancellationToken);
            }
            catch (Exception e) when (Storage.Outage.IsTransient(e))
            {
                // The attempt was made: its outcome is recorded all the same; the shaping actions miss one lesson.
            }

            if (outcome.Retry && outcome.Smtp is { } smtp
                && rules.Current.Match(provider.Name, smtp.Code, smtp.EnhancedCode, smtp.Response ?? string.Empty) is { Action: not ReplyAction.Classify })
            {
                outcome = outcome with { ShapedPerSource = true }; // the action answers it for this source: the domain does not rest
            }
        }

        return outcome;
    }
}
