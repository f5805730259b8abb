using Microsoft.Extensions.Options;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Messages;

/// <summary>
/// One submission of a parsed send request: resolve its stored template, validate, accept (suppressions, quotas, queue,
/// <c>injected</c> events). The one path behind <c>POST /v1/messages</c> and the EmailLabs-compatible sends.
/// </summary>
internal sealed class MessageSubmission(MessageAcceptor acceptor, TemplateEngine templates, CachedTemplates stored, IOptions<MessagesOptions> options, Queue.IQueueLifetime queueLifetime, TimeProvider time)
{
    /// <param name="templateSubject">When given and the request names a stored template, the subject used instead of the template's.</param>
    public Task<SubmissionResult> SubmitAsync(string tenantId, SendMessageRequest request, string? templateSubject, CancellationToken cancellationToken) =>
        SubmitAsync(tenantId, request, templateSubject, null, cancellationToken);

    /// <inheritdoc cref="SubmitAsync(string, SendMessageRequest, string?, CancellationToken)"/>
    /// <param name="once">The Idempotency-Key's answer, written with the queue write.</param>
    public async Task<SubmissionResult> SubmitAsync(string tenantId, SendMessageRequest request, string? templateSubject, AcceptOnce? once, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        ResolvedTemplate? template;
        try
        {
            // The version is fixed now: a message already queued is not changed by a later edit of the template.
            template = request.TemplateId is { } templateId && TemplateEditor.IsValidId(templateId)
                ? await stored.ResolveAsync(tenantId, templateId, request.TemplateVersion, cancellationToken)
                : null;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            return SubmissionResult.Unavailable;
        }

        if (template is not null && templateSubject is not null)
        {
            template = template with { Subject = templateSubject };
        }

        var validation = SendMessageValidator.Validate(request, limits, queueLifetime.MaxQueueLifetime, time.GetUtcNow(), templates, template);
        if (validation.TooLarge)
        {
            return new(null, StatusCodes.Status413PayloadTooLarge, "message_too_large", "Message too large", validation.Errors.First().Value[0]);
        }

        if (!validation.IsValid)
        {
            return SubmissionResult.Invalid(validation.Errors);
        }

        AcceptOutcome outcome;
        try
        {
            outcome = await acceptor.AcceptAsync(tenantId, validation.Message!, once, cancellationToken);
        }
        catch (Queue.ReplicaAckException)
        {
            return SubmissionResult.NotReplicated;
        }
        catch (Exception e) when (Storage.Outage.IsTransient(e))
        {
            // Not durably queued (Redis failed or timed out, or PostgreSQL could not answer the suppression check): the
            // client still owns the message and retries (reliability.md I2, T44).
            outcome = new AcceptOutcome(AcceptStatus.Unavailable);
        }

        return outcome.Status switch
        {
            AcceptStatus.SenderNotAuthorized => Invalid("from.email", "The sender's domain is not one of this account's domains.", "sender_not_authorized"),
            AcceptStatus.DomainNotVerified => Invalid("from.email", NotVerified(outcome.Sender!), "domain_not_verified"),
            AcceptStatus.Backpressure => new(null, StatusCodes.Status503ServiceUnavailable, "backpressure", "Queue full", "The queue is above its high-water mark; retry later.", RetryAfterSeconds: 5),
            AcceptStatus.PoolNotAllowed => Invalid("ip_pool", "This account may not use that IP pool (neither its default nor an allowed pool).", "ip_pool_not_allowed"),
            AcceptStatus.StreamNotFound => Invalid("stream", "This account has no stream of that id (GET /v1/streams).", "stream_not_found"),
            AcceptStatus.QuotaExceeded => new(null, StatusCodes.Status429TooManyRequests, "quota_exceeded", "Sending quota exceeded",
                "This account's hourly or daily sending quota would be exceeded; nothing was queued.", RetryAfterSeconds: (int)Math.Ceiling(outcome.RetryAfter!.Value.TotalSeconds), Quota: outcome.Quota),
            AcceptStatus.Unavailable => SubmissionResult.Unavailable,
            _ => SubmissionResult.Ok(outcome.Accepted!, outcome.Quota),
        };
    }

    /// <summary>Names the domain and the record to publish (T112): the REST 422's detail and the EmailLabs API's message.</summary>
    private static string NotVerified(SenderCheck sender) =>
        $"The sender domain {sender.Domain} is not verified: publish its DKIM record ({sender.Record!.Type} {sender.Record.Name} \"{sender.Record.Value}\"), " +
        $"then verify it (POST /v1/domains/{sender.Domain}/verify). Nothing was queued.";

    private static SubmissionResult Invalid(string field, string message, string type) => SubmissionResult.Invalid(new() { [field] = [message] }, message, type);
}
