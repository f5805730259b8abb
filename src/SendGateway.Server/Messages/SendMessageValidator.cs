using System.Text.Json;
using SendGateway.Server.Queue;
using SendGateway.Server.Templates;

namespace SendGateway.Server.Messages;

/// <summary>
/// Checks a <see cref="SendMessageRequest"/> against api.md §2 and the configured limits, collecting every field error,
/// and renders every recipient's copy once (stored or inline template alike) so that a variable without a value, a
/// template error or an oversized result is a 422 now rather than a drop later.
/// </summary>
internal static class SendMessageValidator
{
    public static ValidationOutcome Validate(
        SendMessageRequest request, MessagesOptions limits, TimeSpan maxLifetime, DateTimeOffset now, TemplateEngine engine, ResolvedTemplate? template = null)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        // The recipient cap first, on the lists as sent: a request far over it (a million entries, reliability.md T40)
        // gets this one error, not one per entry.
        if ((long)(request.To?.Count ?? 0) * (1 + (request.Cc?.Count ?? 0) + (request.Bcc?.Count ?? 0)) > limits.MaxRecipients)
        {
            Fail("to", $"At most {limits.MaxRecipients} envelope recipients (to × (1 + cc + bcc)) per request.");
            return new ValidationOutcome(null, errors, false);
        }

        var from = Address(request.From?.Email, "from.email", Fail);

        CheckDisplayName(request.From?.Name, "from.name", Fail);
        var to = ValidateTo(request, Fail);
        var cc = ValidateList(request.Cc, "cc", Fail);
        var bcc = ValidateList(request.Bcc, "bcc", Fail);
        var replyTo = request.ReplyTo is null ? null : Address(request.ReplyTo.Email, "reply_to.email", Fail);

        ValidateContent(request, template, limits, Fail);
        var headers = ValidateHeaders(request.Headers, limits, Fail);
        var tags = ValidateTags(request.Tags, limits, Fail);
        ValidateMetadata(request.Metadata, "metadata", limits, Fail);
        var attachments = ValidateAttachments(request.Attachments, Fail);
        var shared = ToVars(request.Vars);
        if (request.SendAt is { } sendAt && sendAt > now + limits.MaxScheduleAhead)
        {
            Fail("send_at", $"send_at may be at most {limits.MaxScheduleAhead.TotalHours:0} hours ahead.");
        }

        if (request.Stream is not null && !Streams.StreamInput.IsId(request.Stream))
        {
            Fail("stream", "A stream id: transactional, broadcast or one of the account's own (GET /v1/streams).");
        }

        var (lifetime, lifetimeError) = MessageLifetime.Check(request.MaxDeliverySeconds, request.SendAt, now, limits.MinMessageLifetime, maxLifetime, "max_delivery_seconds");
        if (lifetimeError is not null)
        {
            Fail("max_delivery_seconds", lifetimeError);
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome(null, errors, false);
        }

        // Generated only from html that parses (a broken one is reported below instead).
        var text = request.Text ?? (request.Html is not null && request.AutoText != false && engine.Parse(request.Html).Error is null ? engine.GeneratedText(request.Html) : null);
        var parts = template is null
            ? new MessageParts(request.Subject, text, request.Html)
            : new MessageParts(template.Subject, template.Text, template.Html, template.TextLayout, template.HtmlLayout);
        if (RecipientRenders.CheckSyntax(parts, template is null ? null : "template_id", engine, Fail))
        {
            return new ValidationOutcome(null, errors, false);
        }

        var attachmentBytes = attachments.Sum(a => (long)a.Content.Length);
        var subjects = new string?[to.Count];
        if (RecipientRenders.Check(parts, to, shared, attachmentBytes, limits, engine, subjects, Fail) is { } tooLarge)
        {
            return new ValidationOutcome(null, new() { [tooLarge] = [$"The rendered message exceeds {limits.MaxMessageBytes} bytes."] }, true);
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome(null, errors, false);
        }

        var content = new BatchContent
        {
            FromEmail = from!, FromName = request.From?.Name, ReplyTo = replyTo, Cc = cc.Count > 0 ? cc : null,
            Subject = parts.Subject, Text = parts.Text, Html = parts.Html, TextLayout = parts.TextLayout, HtmlLayout = parts.HtmlLayout,
            TemplateId = template?.Id, TemplateVersion = template?.Version, Headers = headers, Tags = tags,
            TrackOpens = request.Tracking?.Opens, TrackClicks = request.Tracking?.Clicks, Unsubscribe = request.Unsubscribe,
            Metadata = RecipientRenders.WithTemplate(request.Metadata, template), SharedVars = shared, Attachments = attachments.Count > 0 ? attachments : null,
            IpPool = string.IsNullOrWhiteSpace(request.IpPool) ? null : request.IpPool.Trim(), Stream = request.Stream,
            RequireTls = request.RequireTls == true ? true : null, // the tenant's require-TLS setting is ORed in at accept
            TlsOptional = TlsRequiredHeader.SaysNo(headers) ? true : null, // the tenant's tls_optional_allowed decides at accept
        };
        var rendered = to.Select((r, i) => r with { Subject = subjects[i] }).ToList();
        return new ValidationOutcome(new ValidatedMessage(content, rendered, cc, bcc, request.SendAt > now ? request.SendAt : null, lifetime), errors, false);
    }

    private static List<ValidatedRecipient> ValidateTo(SendMessageRequest request, Action<string, string> fail)
    {
        var result = new List<ValidatedRecipient>();
        if (request.To is not { Count: > 0 })
        {
            fail("to", "At least one recipient is required.");
            return result;
        }

        for (var i = 0; i < request.To.Count; i++)
        {
            var recipient = request.To[i];
            if (Address(recipient?.Email, $"to[{i}].email", fail) is not { } email)
            {
                continue;
            }

            CheckDisplayName(recipient!.Name, $"to[{i}].name", fail);
            result.Add(new ValidatedRecipient(email, recipient.Name, ToVars(recipient.Vars), recipient.Metadata));
        }

        return result;
    }

    private static List<BatchAddress> ValidateList(List<EmailAddressDto>? list, string field, Action<string, string> fail)
    {
        var result = new List<BatchAddress>();
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            if (Address(list[i]?.Email, $"{field}[{i}].email", fail) is { } email)
            {
                CheckDisplayName(list[i].Name, $"{field}[{i}].name", fail);
                result.Add(new BatchAddress(email, list[i].Name));
            }
        }

        return result;
    }

    private static void ValidateContent(SendMessageRequest request, ResolvedTemplate? template, MessagesOptions limits, Action<string, string> fail)
    {
        if (request.TemplateVersion is not null && request.TemplateId is null)
        {
            fail("template_version", "template_version needs template_id.");
        }

        if (request.TemplateId is not null)
        {
            if (template is null)
            {
                fail("template_id", request.TemplateVersion is null ? "No template with that id." : "No template with that id and version.");
            }

            if (request.Subject is not null || request.Text is not null || request.Html is not null)
            {
                fail("template_id", "Give either template_id or subject, text and html: the template supplies them.");
            }
        }
        else if (string.IsNullOrEmpty(request.Subject))
        {
            fail("subject", "subject is required when template_id is not given.");
        }
        else if (request.Subject.Length > limits.MaxSubjectLength || !HeaderText.IsSafe(request.Subject))
        {
            fail("subject", $"subject must be at most {limits.MaxSubjectLength} characters without CR, LF or control characters.");
        }

        if (request.TemplateId is null && string.IsNullOrEmpty(request.Text) && string.IsNullOrEmpty(request.Html))
        {
            fail("text", "At least one of text or html is required.");
        }
    }

    private static Dictionary<string, string>? ValidateHeaders(Dictionary<string, string>? headers, MessagesOptions limits, Action<string, string> fail)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.Count > limits.MaxHeaders)
        {
            fail("headers", $"At most {limits.MaxHeaders} custom headers.");
        }

        foreach (var (name, value) in headers)
        {
            if (!HeaderText.IsFieldName(name))
            {
                fail("headers", $"'{Sanitize(name)}' is not a valid header name.");
            }
            else if (SenderHeaders.CustomHeaderProblem(name) is { } problem)
            {
                fail($"headers.{name}", problem);
            }
            else if (HeaderText.IsReserved(name))
            {
                fail($"headers.{name}", "This header is set by the service and cannot be overridden.");
            }
            else if (value is null || !HeaderText.IsSafe(value) || name.Length + 2 + value.Length > limits.MaxHeaderLineLength * 10)
            {
                fail($"headers.{name}", "Header values must not contain CR, LF or control characters.");
            }
        }

        return headers;
    }

    private static List<string>? ValidateTags(List<string>? tags, MessagesOptions limits, Action<string, string> fail)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > limits.MaxTags)
        {
            fail("tags", $"At most {limits.MaxTags} tags.");
        }

        if (tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 100 || !HeaderText.IsSafe(t)))
        {
            fail("tags", "Tags are 1 to 100 printable characters.");
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void ValidateMetadata(Dictionary<string, string>? metadata, string field, MessagesOptions limits, Action<string, string> fail)
    {
        if (metadata is not null && (metadata.Count > limits.MaxMetadataKeys || metadata.Any(p => p.Key.Length > 100 || p.Value is null || p.Value.Length > 1000)))
        {
            fail(field, $"At most {limits.MaxMetadataKeys} keys of up to 100 characters with string values of up to 1000.");
        }
    }

    private static List<BatchAttachment> ValidateAttachments(List<AttachmentDto>? attachments, Action<string, string> fail)
    {
        var result = new List<BatchAttachment>();
        for (var i = 0; attachments is not null && i < attachments.Count; i++)
        {
            var a = attachments[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Filename) || !HeaderText.IsSafe(a.Filename) || a.Filename.Length > 255)
            {
                fail($"attachments[{i}].filename", "A filename of up to 255 printable characters is required.");
            }
            else if (a.Content is null || a.Content.Length % 4 != 0 || !IsBase64(a.Content))
            {
                fail($"attachments[{i}].content", "content must be base64.");
            }
            else
            {
                var type = string.IsNullOrWhiteSpace(a.ContentType) ? "application/octet-stream" : a.ContentType;
                if (!MimeKit.ContentType.TryParse(type, out _) || !HeaderText.IsSafe(type))
                {
                    fail($"attachments[{i}].content_type", "Not a valid media type.");
                }

                result.Add(new BatchAttachment(a.Filename, type, a.Content, a.Inline, a.ContentId));
            }
        }

        return result;
    }

    private static bool IsBase64(string value) => System.Buffers.Text.Base64.IsValid(value);

    /// <summary>Values kept as JSON (strings, numbers, booleans, arrays, objects); a null is the same as not given.</summary>
    private static Dictionary<string, JsonElement>? ToVars(Dictionary<string, JsonElement>? vars) =>
        vars?.Where(v => v.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)).ToDictionary(v => v.Key, v => v.Value);

    /// <summary>A plain mailbox (<see cref="Addresses.TryNormalize"/>); the API offers no SMTPUTF8, so ASCII only.</summary>
    private static string? Address(string? email, string field, Action<string, string> fail)
    {
        if (Addresses.TryNormalize(email, smtpUtf8: false, out var normalized, out var problem))
        {
            return normalized;
        }

        fail(field, string.IsNullOrWhiteSpace(email) ? "An address is required." : problem);
        return null;
    }

    private static void CheckDisplayName(string? name, string field, Action<string, string> fail)
    {
        if (name is not null && (name.Length > 200 || !HeaderText.IsSafe(name)))
        {
            fail(field, "Names are at most 200 characters without CR, LF or control characters.");
        }
    }

    private static string Sanitize(string value) => new(value.Where(c => !char.IsControl(c)).Take(80).ToArray());
}
