using System.Diagnostics;
using SendGateway.Server.EventContract;
using Microsoft.Extensions.Options;
using SendGateway.Server.Queue;
using SendGateway.Server.Storage;
using SendGateway.Server.Suppressions;

namespace SendGateway.Server.Messages;

/// <summary>
/// The one accept seam (style.md E6): sender check, back-pressure, expansion to one message per envelope
/// recipient, the suppression / disposable-domain screen (those recipients end as <c>dropped</c>), then one atomic
/// enqueue with the <c>injected</c> events. Success means durably queued. A Redis or PostgreSQL failure is thrown to
/// the front (503 / 451) and logged once per outage, with its end.
/// </summary>
internal sealed class MessageAcceptor(
    OutboundQueue queue, PoolLanes lanes, QueueBackpressure backpressure, SenderDomains senders, RecipientScreen screen, SendingQuota quota, IpPools.SourceSelector sources,
    Settings.TenantSettingsStore settings, Streams.StreamDefaults streams, MessageDedupe dedupe, TimeProvider time, IOptions<ResilienceOptions> resilience, IOptions<MessagesOptions> limits,
    ILogger<MessageAcceptor> logger)
{
    private readonly Outage _outage = new("Accept", logger, resilience.Value, time);

    /// <summary>A validated REST request: one message per <c>to</c> entry, each copied to every cc and bcc.</summary>
    public Task<AcceptOutcome> AcceptAsync(string tenantId, ValidatedMessage message, CancellationToken cancellationToken) => AcceptAsync(tenantId, message, null, cancellationToken);

    /// <inheritdoc cref="AcceptAsync(string, ValidatedMessage, CancellationToken)"/>
    public Task<AcceptOutcome> AcceptAsync(string tenantId, ValidatedMessage message, AcceptOnce? once, CancellationToken cancellationToken)
    {
        var recipients = message.To
            .SelectMany(to => message.Cc.Concat(message.Bcc).Select(a => a.Email).Prepend(to.Email).Select(rcpt => new AcceptRecipient(rcpt, to.Email, to.Name, to.Vars, to.Metadata, to.Subject)))
            .ToList();
        return AcceptAsync(tenantId, message.Content, recipients, message.SendAt, message.Lifetime, once, cancellationToken);
    }

    /// <summary>
    /// The seam both fronts call: REST with rendered content, the SMTP relay with submitted MIME. <paramref name="lifetime"/>:
    /// the message's own (<see cref="MessageLifetime"/>), carried by each queue entry; null for the queue's.
    /// <paramref name="once"/>: the idempotency key's answer and the Message-ID for the tenant's de-duplication, written
    /// with the queue write; null for neither.
    /// </summary>
    public async Task<AcceptOutcome> AcceptAsync(
        string tenantId, BatchContent content, IReadOnlyList<AcceptRecipient> recipients, DateTimeOffset? sendAt, TimeSpan? lifetime, AcceptOnce? once,
        CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await AcceptCoreAsync(tenantId, content, recipients, sendAt, lifetime, once, cancellationToken);
            _outage.Succeeded();
            return outcome;
        }
        catch (Exception e) when (Outage.IsTransient(e))
        {
            _outage.Failed(e);
            throw;
        }
    }

    private async Task<AcceptOutcome> AcceptCoreAsync(
        string tenantId, BatchContent content, IReadOnlyList<AcceptRecipient> recipients, DateTimeOffset? sendAt, TimeSpan? lifetime, AcceptOnce? once,
        CancellationToken cancellationToken)
    {
        // Before anything is queued: a domain the tenant has not proven sends nothing (reliability.md T112).
        switch (await senders.CheckAsync(tenantId, content.FromEmail, cancellationToken))
        {
            case { State: SenderState.NotOwned }:
                return new AcceptOutcome(AcceptStatus.SenderNotAuthorized);
            case { State: SenderState.NotVerified } sender:
                return new AcceptOutcome(AcceptStatus.DomainNotVerified, Sender: sender);
        }

        if (content.IpPool is { } pool && !await sources.IsAllowedAsync(tenantId, pool, cancellationToken))
        {
            return new AcceptOutcome(AcceptStatus.PoolNotAllowed);
        }

        var defaults = await settings.GetAsync(tenantId, cancellationToken);
        if (await streams.ResolveAsync(tenantId, content.Stream, defaults, cancellationToken) is not { } stream)
        {
            return new AcceptOutcome(AcceptStatus.StreamNotFound);
        }

        if (await backpressure.IsOverHighWaterAsync(cancellationToken))
        {
            return new AcceptOutcome(AcceptStatus.Backpressure);
        }

        // The stream's tracking and unsubscribe defaults (else the tenant's) fill what the message left open; fixed now, like its content.
        content = content with
        {
            Stream = stream.Id,
            IpPool = content.IpPool ?? stream.IpPool, // the stream's pool was checked when it was set; the tenant may since have lost it: the send still goes
            TrackOpens = content.TrackOpens ?? stream.TrackOpens,
            TrackClicks = content.TrackClicks ?? stream.TrackClicks,
            TrackTextLinks = defaults.TrackTextLinks,
            TrackStoreUserAgent = defaults.TrackingStoreUserAgent,
            KeepContent = content.KeepContent != false && defaults.KeepContentDays is > 0, // false: the service's own mail carrying a secret link
            Unsubscribe = content.Unsubscribe ?? stream.Unsubscribe != Settings.TenantSettings.UnsubscribeOff,
            UnsubscribeFooter = content.Unsubscribe != false && stream.Unsubscribe == Settings.TenantSettings.UnsubscribeHeaderAndFooter,
        };
        content = WithTlsNeeds(content, defaults);
        // The tenant's de-duplication: a recipient with a copy of this Message-ID queued within the window gets that copy's id.
        var window = TimeSpan.FromMinutes(defaults.DedupeWindowMinutes);
        var dedupeId = window > TimeSpan.Zero ? once?.MessageId : null;
        var earlier = dedupeId is null ? null : await dedupe.FindAsync(tenantId, dedupeId, [.. recipients.Select(r => r.Email)], cancellationToken);
        if (earlier is { Count: > 0 } && recipients.All(r => earlier.ContainsKey(r.Email)))
        {
            var first = earlier[recipients[0].Email].BatchId;
            return new AcceptOutcome(AcceptStatus.Accepted, new MessageAccepted(first, [.. recipients.Select(r => new AcceptedRecipient(earlier[r.Email].MessageId, r.Email, "accepted"))]));
        }

        var dropReasons = await screen.ScreenAsync(
            tenantId, recipients.Select(r => r.Email).Where(r => earlier?.ContainsKey(r) != true).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            stream.ScopedSuppressions ? stream.Kind : null, cancellationToken);
        // A pool's mail waits on its pool's lane, which only nodes with the pool's addresses lease.
        var lane = lanes.Enabled ? await lanes.LaneOfAsync(await sources.PoolOfAsync(tenantId, content.IpPool, cancellationToken), cancellationToken) : 0;
        // A keyed retry whose first run died between its queue write and its answer (a Redis Cluster, where the answer is
        // not in that write): the shards' markers give the first run's ids; only the shards without one are written now.
        var markers = once?.OnceId is { } onceId
            ? await queue.FindOnceAsync(onceId, recipients.Select(r => queue.ShardOf(Addresses.DomainOf(r.Email), lane)), cancellationToken)
            : null;
        var resumed = markers?.Values.FirstOrDefault(m => m.Fingerprint == once!.Fingerprint && m.MessageIds.Count == recipients.Count);
        var batchId = resumed?.BatchId ?? Ids.New("bat", time);
        var now = time.GetUtcNow();
        var traceParent = Activity.Current?.Id;
        var items = new List<EnqueueItem>(recipients.Count);
        var accepted = new List<AcceptedRecipient>(recipients.Count);
        var dropped = new List<EventRecord>();
        var held = new List<HeldRecord>();
        for (var i = 0; i < recipients.Count; i++)
        {
            var recipient = recipients[i];
            if (earlier?.TryGetValue(recipient.Email, out var copy) == true)
            {
                accepted.Add(new AcceptedRecipient(copy.MessageId, recipient.Email, "accepted"));
                continue;
            }

            var entry = new QueueEntry
            {
                Id = resumed?.MessageIds[i] ?? Ids.New("msg", time), BatchId = batchId, TenantId = tenantId, Recipient = recipient.Email, ToEmail = recipient.ToEmail,
                ToName = recipient.ToName, Vars = recipient.Vars, Metadata = recipient.Metadata,
                Shard = queue.ShardOf(Addresses.DomainOf(recipient.Email), lane), AcceptedAt = now, Lifetime = lifetime, TraceParent = traceParent,
            };
            if (resumed is not null && (markers!.ContainsKey(entry.Shard) || dropReasons.ContainsKey(recipient.Email)))
            {
                // Written (or dropped, with its event) by the first run.
                accepted.Add(new AcceptedRecipient(entry.Id, recipient.Email, dropReasons.TryGetValue(recipient.Email, out var was) ? EventTypes.Dropped : "accepted", was));
                continue;
            }

            if (dropReasons.TryGetValue(recipient.Email, out var reason))
            {
                dropped.Add(EventFactory.Create(entry, content, EventTypes.Dropped, now, reason: reason) with { Sequence = 1, Subject = KeptSubject(recipient, content, defaults) });
                accepted.Add(new AcceptedRecipient(entry.Id, recipient.Email, EventTypes.Dropped, reason));
                continue;
            }

            items.Add(new EnqueueItem(entry, EventFactory.Create(entry, content, EventTypes.Injected, now) with { Subject = KeptSubject(recipient, content, defaults) }, sendAt));
            if (dedupeId is not null)
            {
                held.Add(MessageDedupe.Record(tenantId, dedupeId, entry, window));
            }

            accepted.Add(new AcceptedRecipient(entry.Id, recipient.Email, "accepted"));
        }

        var quotaState = items.Count > 0 ? await quota.TryConsumeAsync(tenantId, items.Count, cancellationToken) : null;
        if (quotaState is { Exceeded: true })
        {
            return new AcceptOutcome(AcceptStatus.QuotaExceeded, RetryAfter: quotaState.Reset, Quota: quotaState);
        }

        if (dropped.Count > 0)
        {
            await queue.AppendEventsAsync(dropped, cancellationToken);
            SendGatewayMetrics.Dropped.Add(dropped.Count);
        }

        var answer = new MessageAccepted(batchId, accepted);
        if (items.Count > 0)
        {
            // The idempotency answer and the de-duplication records exist if and only if the batch does (T82).
            if (once?.Answer is { } record)
            {
                held.Add(record(answer));
            }

            var marker = once?.OnceId is { } id ? new EnqueueOnce(id, new EnqueueMarker(batchId, once.Fingerprint ?? string.Empty, [.. accepted.Select(a => a.Id)])) : null;
            await queue.EnqueueAsync(content, items, held, marker, cancellationToken);
            SendGatewayMetrics.Accepted.Add(items.Count);
        }

        return new AcceptOutcome(AcceptStatus.Accepted, answer, Quota: quotaState);
    }

    /// <summary>
    /// The subject the message's row keeps (its first event carries it to the ingester), when the tenant keeps subjects:
    /// the copy's own (rendered, or the submitted header), else the content's when no template renders it; control
    /// characters become spaces and it is cut at <see cref="MessagesOptions.MaxSubjectLength"/> (a relay header may be long).
    /// </summary>
    private string? KeptSubject(AcceptRecipient recipient, BatchContent content, Settings.TenantSettings tenant)
    {
        var subject = recipient.Subject ?? (content.TemplateId is null && content.Mime is null ? content.Subject : null);
        if (!tenant.KeepSubjects || string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }

        var length = Math.Min(subject.Length, limits.Value.MaxSubjectLength);
        length -= length < subject.Length && char.IsHighSurrogate(subject[length - 1]) ? 1 : 0; // not half a character
        var clean = string.Create(length, subject, static (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? ' ' : s[i];
            }
        });
        return clean.Trim();
    }

    /// <summary>
    /// What the message asks of TLS, fixed at accept for every front (RFC 8689): verified TLS when the message asked
    /// (REQUIRETLS, <c>require_tls</c>) or the tenant requires it for all; <c>TLS-Required: No</c> counts only where the
    /// tenant allows it and never for a message that requires TLS (§4.1: REQUIRETLS wins over the header).
    /// </summary>
    private static BatchContent WithTlsNeeds(BatchContent content, Settings.TenantSettings tenant)
    {
        var requireTls = content.RequireTls == true || tenant.RequireTls;
        return content with
        {
            RequireTls = requireTls ? true : null,
            TlsOptional = !requireTls && content.TlsOptional == true && tenant.TlsOptionalAllowed ? true : null,
        };
    }
}
