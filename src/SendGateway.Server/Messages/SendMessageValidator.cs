using System.Text.Json;
using SendGateway.Server.Queue;

namespace SendGateway.Server.Messages;

/// <summary>Checks a <see cref="SendMessageRequest"/> against api.md §2 and the configured limits, collecting every field error.</summary>
public static class SendMessageValidator
{
    public static ValidationOutcome Validate(SendMessageRequest request, MessagesOptions limits, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var from = Addresses.Normalize(request.From?.Email);
        if (from is null)
        {
            Fail("from.email", "A valid sender address is required.");
        }

        CheckDisplayName(request.From?.Name, "from.name", Fail);
        var to = ValidateTo(request, Fail);
        var cc = ValidateList(request.Cc, "cc", Fail);
        var bcc = ValidateList(request.Bcc, "bcc", Fail);
        var replyTo = request.ReplyTo is null ? null : Addresses.Normalize(request.ReplyTo.Email);
        if (request.ReplyTo is not null && replyTo is null)
        {
            Fail("reply_to.email", "Not a valid address.");
        }

        if (to.Count * (1 + cc.Count + bcc.Count) > limits.MaxRecipients)
        {
            Fail("to", $"At most {limits.MaxRecipients} envelope recipients (to × (1 + cc + bcc)) per request.");
        }

        ValidateContent(request, limits, Fail);
        var headers = ValidateHeaders(request.Headers, limits, Fail);
        var tags = ValidateTags(request.Tags, limits, Fail);
        ValidateMetadata(request.Metadata, "metadata", limits, Fail);
        var attachments = ValidateAttachments(request.Attachments, Fail);
        var shared = ToStrings(request.Vars, "vars", Fail);
        if (request.SendAt is { } sendAt && sendAt > now + limits.MaxScheduleAhead)
        {
            Fail("send_at", $"send_at may be at most {limits.MaxScheduleAhead.TotalHours:0} hours ahead.");
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome(null, errors, false);
        }

        var templates = new[] { Template.Parse(request.Subject), Template.Parse(request.Text), Template.Parse(request.Html) };
        var attachmentBytes = attachments.Sum(a => (long)a.Content.Length);
        for (var i = 0; i < to.Count; i++)
        {
            if (templates.Select(t => t.FindMissing(to[i].Vars, shared)).FirstOrDefault(m => m is not null) is { } missing)
            {
                Fail($"to[{i}].vars", $"Template variable '{missing}' has no value for this recipient.");
            }
            else if (templates.Sum(t => t.RenderedLength(to[i].Vars, shared)) * 2 + attachmentBytes > limits.MaxMessageBytes)
            {
                return new ValidationOutcome(null, new() { [$"to[{i}]"] = [$"The rendered message exceeds {limits.MaxMessageBytes} bytes."] }, true);
            }
        }

        if (errors.Count > 0)
        {
            return new ValidationOutcome(null, errors, false);
        }

        var content = new BatchContent
        {
            FromEmail = from!, FromName = request.From?.Name, ReplyTo = replyTo, Cc = cc.Count > 0 ? cc : null,
            Subject = request.Subject, Text = request.Text, Html = request.Html, Headers = headers, Tags = tags,
            Metadata = request.Metadata, SharedVars = shared, Attachments = attachments.Count > 0 ? attachments : null,
            IpPool = string.IsNullOrWhiteSpace(request.IpPool) ? null : request.IpPool.Trim(),
        };
        return new ValidationOutcome(new ValidatedMessage(content, to, cc, bcc, request.SendAt > now ? request.SendAt : null), errors, false);
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
            var email = Addresses.Normalize(recipient?.Email);
            if (email is null)
            {
                fail($"to[{i}].email", "Not a valid address.");
                continue;
            }

            CheckDisplayName(recipient!.Name, $"to[{i}].name", fail);
            result.Add(new ValidatedRecipient(email, recipient.Name, ToStrings(recipient.Vars, $"to[{i}].vars", fail), recipient.Metadata));
        }

        return result;
    }

    private static List<BatchAddress> ValidateList(List<EmailAddressDto>? list, string field, Action<string, string> fail)
    {
        var result = new List<BatchAddress>();
        for (var i = 0; list is not null && i < list.Count; i++)
        {
            if (Addresses.Normalize(list[i]?.Email) is { } email)
            {
                CheckDisplayName(list[i].Name, $"{field}[{i}].name", fail);
                result.Add(new BatchAddress(email, list[i].Name));
            }
            else
            {
                fail($"{field}[{i}].email", "Not a valid address.");
            }
        }

        return result;
    }

    private static void ValidateContent(SendMessageRequest request, MessagesOptions limits, Action<string, string> fail)
    {
        if (request.TemplateId is not null)
        {
            fail("template_id", "No template with that id (stored templates are not available yet).");
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

    private static Dictionary<string, string>? ToStrings(Dictionary<string, JsonElement>? vars, string field, Action<string, string> fail)
    {
        if (vars is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(vars.Count);
        foreach (var (name, value) in vars)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String: result[name] = value.GetString()!; break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False: result[name] = value.GetRawText(); break;
                case JsonValueKind.Null: break;
                default: fail($"{field}.{name}", "Template variables are strings, numbers or booleans."); break;
            }
        }

        return result;
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
