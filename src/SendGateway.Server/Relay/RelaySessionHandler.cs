using System.Net;
using System.Security.Cryptography;
using MimeKit;
using Microsoft.Extensions.Options;
using SendGateway.Server.Messages;
using SendGateway.Server.Queue;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

using SendGateway.Server.Idempotency;

namespace SendGateway.Server.Relay;

/// <summary>
/// What the relay does at each step of a session: authenticate, authorise the sender, check recipients, and hand the
/// message to the same accept seam as REST. The reply to the final dot is 250 only after the durable write.
/// </summary>
internal sealed class RelaySessionHandler(
    RelayAuthenticator authenticator, SenderDomains senders, MessageAcceptor acceptor, QueueBackpressure backpressure, IdempotencyStore idempotency,
    RelayTemplates templates, SenderRefusalAudit refusals, IOptions<RelayOptions> relayOptions, IOptions<MessagesOptions> messageOptions, IQueueLifetime queueLifetime, TimeProvider time, ILogger<RelaySessionHandler> logger) : ISmtpSessionHandler
{
    private static readonly SmtpReply InternalError = new(451, "4.3.0", "Error: internal protocol error");
    private static readonly SmtpReply FromNotAuthorized = new(550, "5.7.1", "From header domain not authorized for this account");
    private static readonly SmtpReply SenderNotAuthorized = new(550, "5.7.1", "Sender header domain not authorized for this account");
    private static readonly SmtpReply QuotaExceeded = new(450, "4.7.1", "Error: sending quota exceeded, try again later");
    private static readonly SmtpReply StreamNotFound = new(553, "5.7.1", "X-SG-Stream names a stream this account does not have");
    private static readonly SmtpReply PoolNotAllowed = new(553, "5.7.1", "X-SG-IP-Pool names a pool this account may not use");

    public ValueTask<SmtpAuthResult> AuthenticateAsync(SmtpSessionContext session, string user, string password, CancellationToken cancellationToken) =>
        authenticator.AuthenticateAsync(user, password, session.RemoteEndPoint, cancellationToken);

    public ValueTask<string?> IdentifyUnauthenticatedAsync(SmtpSessionContext session, CancellationToken cancellationToken)
    {
        var address = (session.RemoteEndPoint as IPEndPoint)?.Address;
        var trusted = address is null ? null : relayOptions.Value.TrustedNetworks.FirstOrDefault(n => IPNetwork.Parse(n.Network).Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
        return ValueTask.FromResult(trusted?.TenantId);
    }

    public async ValueTask<SmtpReply> OnMailAsync(SmtpSessionContext session, SmtpPath from, CancellationToken cancellationToken)
    {
        try
        {
            var address = Addresses.Normalize(from.Address, from.Parameters.ContainsKey("SMTPUTF8"));
            if (address is null || !await senders.IsAuthorizedAsync(session.Identity!, address, cancellationToken))
            {
                await refusals.RecordAsync(session.Identity!, SenderRefusalAudit.DomainOf(from.Address), session.RemoteEndPoint, cancellationToken);
                return new SmtpReply(553, "5.7.1", $"<{from.Address}>: Sender address rejected: not owned by user");
            }

            return await backpressure.IsOverHighWaterAsync(cancellationToken) ? SmtpReplies.InsufficientStorage : SmtpReplies.SenderOk;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            RelayLog.QueueFailed(logger, e, session.Identity!);
            return InternalError; // Temporary: the client keeps the message and tries again.
        }
    }

    public ValueTask<SmtpReply> OnRecipientAsync(SmtpSessionContext session, SmtpPath recipient, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Addresses.Normalize(recipient.Address, session.Transaction?.Utf8 == true) is null ? SmtpReplies.BadRecipient : SmtpReplies.RecipientOk);

    public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var relay = relayOptions.Value;
        var headerEnd = content.Span.IndexOf("\r\n\r\n"u8);
        if ((headerEnd < 0 ? content.Length : headerEnd) > relay.MaxHeaderBytes)
        {
            return new SmtpReply(552, "5.3.4", "Error: message header size exceeds limit");
        }

        // Only the header block is parsed on the hot path; the message is rewritten only to strip control headers. The
        // DATA reader hands over an array of its own: taken as it is, not copied again.
        var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length
            ? whole.Array : content.ToArray();
        HeaderList headers;
        try
        {
            headers = await HeaderList.LoadAsync(new MemoryStream(bytes, writable: false), cancellationToken);
        }
        catch (FormatException)
        {
            return new SmtpReply(554, "5.6.0", "Error: malformed message");
        }

        if (headers.Count(h => h.Id == HeaderId.Received) > relay.MaxHops)
        {
            return new SmtpReply(554, "5.4.6", "Error: too many hops");
        }

        var tenantId = session.Identity!;
        var utf8 = session.Transaction!.Utf8;
        var authors = SenderHeaders.Read(headers, utf8);
        if (authors.Refusal is not null)
        {
            return new SmtpReply(550, "5.7.1", authors.Refusal);
        }

        var from = authors.From!;
        try
        {
            // Every mailbox of From and Sender, not only the first: the refusal names the header, never an address.
            if (await SenderHeaders.UnprovenHeaderAsync(senders, tenantId, authors, cancellationToken) is { } header)
            {
                await refusals.RecordAsync(tenantId, "header=" + header, session.RemoteEndPoint, cancellationToken);
                return header == SenderHeaders.From ? FromNotAuthorized : SenderNotAuthorized;
            }
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            RelayLog.QueueFailed(logger, e, tenantId);
            return InternalError;
        }

        var control = RelayControlHeaders.AnyIn(headers) ? RelayControlHeaders.Read(headers, messageOptions.Value, queueLifetime.MaxQueueLifetime, time.GetUtcNow()) : RelayControlHeaders.None;
        if (control.Error is not null)
        {
            return new SmtpReply(554, "5.6.0", $"Error: invalid {control.Error}");
        }

        if (control.TemplateId is not null)
        {
            try
            {
                var (built, refusal, rendered) = await templates.BuildAsync(tenantId, from, headers, bytes, control, cancellationToken);
                if (refusal is not null)
                {
                    return refusal;
                }

                built = WithTlsAsks(built! with { Stream = control.Stream ?? session.IdentityDefaults }, session.Transaction!, headers);
                var templated = session.Transaction!.Recipients.Select(r => Addresses.Normalize(r.Address, utf8)!).Select(r => new AcceptRecipient(r, r, Subject: rendered)).ToList();
                return await AcceptOnceAsync(tenantId, built, templated, control, MessageIdOf(headers), cancellationToken);
            }
            catch (Exception e) when (Storage.Outage.IsTransient(e))
            {
                RelayLog.QueueFailed(logger, e, tenantId);
                return SmtpReplies.WriteError;
            }
        }

        // Control headers are ours and trust headers are receivers' (SenderHeaders): neither leaves with the message.
        if (!ReferenceEquals(control, RelayControlHeaders.None) || headers.Any(h => SenderHeaders.IsTrust(h.Field)))
        {
            var message = await MimeMessage.LoadAsync(new MemoryStream(bytes, writable: false), cancellationToken);
            RelayControlHeaders.RemoveFrom(message.Headers);
            RemoveTrustHeaders(message.Headers);
            using var rewritten = new MemoryStream(bytes.Length);
            await message.WriteToAsync(rewritten, cancellationToken);
            bytes = rewritten.ToArray();
        }

        var subject = headers[HeaderId.Subject]; // decoded (RFC 2047) and unfolded by MimeKit
        var recipients = session.Transaction!.Recipients.Select(r => Addresses.Normalize(r.Address, utf8)!).Select(r => new AcceptRecipient(r, r, Subject: subject)).ToList();
        var batch = new BatchContent
        {
            FromEmail = from, Tags = control.Tags, Metadata = control.Metadata, Mime = bytes, IpPool = control.IpPool,
            TrackOpens = control.TrackOpens, TrackClicks = control.TrackClicks, Unsubscribe = control.Unsubscribe,
            Stream = control.Stream ?? session.IdentityDefaults, // a login's default stream (the credentials'); trusted networks: transactional
        };
        batch = WithTlsAsks(batch, session.Transaction!, headers);
        return await AcceptOnceAsync(tenantId, batch, recipients, control, MessageIdOf(headers), cancellationToken);
    }

    /// <summary>
    /// MAIL FROM's REQUIRETLS and the message's <c>TLS-Required: No</c> as asked; the accept seam ORs in the tenant's
    /// <c>require_tls</c> and honours the header only where the tenant allows it and REQUIRETLS was not given.
    /// </summary>
    private static BatchContent WithTlsAsks(BatchContent batch, SmtpTransaction transaction, HeaderList headers) => batch with
    {
        RequireTls = transaction.RequireTls ? true : null,
        TlsOptional = TlsRequiredHeader.SaysNo(headers) ? true : null,
    };

    /// <summary>The client's Message-ID (without its angle brackets), the tenant's de-duplication key; null when it has none.</summary>
    private static string? MessageIdOf(HeaderList headers) =>
        headers[HeaderId.MessageId] is { Length: > 0 } value ? MimeKit.Utils.MimeUtils.ParseMessageId(value) ?? value.Trim() : null;

    private static HeldRecord Held((string Key, string Value) record) => new(record.Key, record.Value, IdempotencyStore.Lifetime);

    private static void RemoveTrustHeaders(HeaderList headers)
    {
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (SenderHeaders.IsTrust(headers[i].Field))
            {
                headers.RemoveAt(i);
            }
        }
    }

    /// <summary>Accepts, honouring X-Idempotency-Key: a repeat of the same message gets the first answer and queues nothing.</summary>
    private async Task<SmtpReply> AcceptOnceAsync(
        string tenantId, BatchContent batch, List<AcceptRecipient> recipients, RelayControlHeaders control, string? messageId, CancellationToken cancellationToken)
    {
        var key = control.IdempotencyKey;
        // The submitted bytes, or for a templated message what it was built from (template, version, vars).
        var body = batch.Mime ?? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, Queue.QueueJsonContext.Default.BatchContent);
        var fingerprint = key is null ? string.Empty : Convert.ToHexString(SHA256.HashData([.. body, .. System.Text.Encoding.UTF8.GetBytes(string.Join(',', recipients.Select(r => r.Email)))]));
        if (key is not null && await idempotency.ClaimAsync(tenantId, "smtp:" + key, fingerprint, cancellationToken) is { } earlier)
        {
            return earlier.Answer(
                fingerprint,
                conflict: new SmtpReply(554, "5.6.0", "Error: X-Idempotency-Key was used for a different message"),
                inProgress: new SmtpReply(451, "4.3.0", "Error: a message with this X-Idempotency-Key is still being queued"),
                replay: r => new SmtpReply(250, "2.0.0", $"Ok: queued as {r.Body}"));
        }

        try
        {
            // The key's answer is written with the queue write: a relay killed before its 250 leaves it for the resend (T82).
            var once = new AcceptOnce(messageId, key is null ? null : accepted => Held(idempotency.Prepare(tenantId, "smtp:" + key, new IdempotencyRecord(fingerprint, true, 250, QueuedReply.Of(accepted)))),
                key is null ? null : IdempotencyStore.OnceId(tenantId, "smtp:" + key), fingerprint);
            var outcome = await acceptor.AcceptAsync(tenantId, batch, recipients, control.SendAt, control.Lifetime, once, cancellationToken);
            var reply = outcome.Status switch
            {
                AcceptStatus.Accepted => new SmtpReply(250, "2.0.0", $"Ok: queued as {QueuedReply.Of(outcome.Accepted!)}"),
                AcceptStatus.Backpressure => SmtpReplies.InsufficientStorage,
                AcceptStatus.Unavailable => SmtpReplies.WriteError,
                AcceptStatus.QuotaExceeded => QuotaExceeded,
                AcceptStatus.PoolNotAllowed => PoolNotAllowed,
                AcceptStatus.StreamNotFound => StreamNotFound,
                _ => FromNotAuthorized,
            };
            if (key is not null)
            {
                // Queued: kept for replay (a Redis failure here does not turn the 250 into a retry that would queue it twice).
                var answer = outcome.Accepted is { } queued ? new IdempotencyRecord(fingerprint, true, 250, QueuedReply.Of(queued)) : null;
                await idempotency.FinishAsync(tenantId, "smtp:" + key, answer, CancellationToken.None);
            }

            if (outcome.Accepted is { } accepted)
            {
                RelayLog.Accepted(logger, accepted.BatchId, tenantId, recipients.Count);
            }

            return reply;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Not durably queued (Redis failed, or PostgreSQL could not answer the suppression check): the client keeps
            // the message and retries (reliability.md I2, T29).
            RelayLog.QueueFailed(logger, e, tenantId);
            if (key is not null)
            {
                await idempotency.FinishAsync(tenantId, "smtp:" + key, null, CancellationToken.None);
            }

            return SmtpReplies.WriteError;
        }
    }
}
