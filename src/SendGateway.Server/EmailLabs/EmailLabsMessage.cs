using System.Text.Json;
using System.Text.Json.Nodes;
using SendGateway.Server.Messages;

namespace SendGateway.Server.EmailLabs;

/// <summary>
/// The form of <c>new_sendmail</c> / <c>sendmail_templates</c> as our <see cref="SendMessageRequest"/>: nothing is
/// validated twice — addresses, sizes, headers and vars are checked by the accept path's validator afterwards. Fields
/// this API does not know are refused by name rather than dropped.
/// </summary>
internal static class EmailLabsMessage
{
    public const string AccountMetadataKey = "smtp_account";

    private static readonly HashSet<string> Known =
    [
        "to", "smtp_account", "subject", "html", "text", "txt", "from", "from_name", "headers", "cc", "cc_name", "bcc", "bcc_name",
        "reply_to", "replay_to", "tags", "files", "template_id",
    ];

    /// <summary>The request, the SMTP account it names and, for a stored template, the subject to use; or an error for the client.</summary>
    public static (SendMessageRequest? Request, string? Account, string? TemplateSubject, string? Error) Translate(PhpForm form, bool templates)
    {
        if (form.Children.Select(c => c.Key).FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
        {
            return Fail($"Field '{unknown}' is not supported; supported: {string.Join(", ", Known)}.");
        }

        var account = form.Text("smtp_account");
        if (string.IsNullOrWhiteSpace(account))
        {
            return Fail("Field 'smtp_account' is required.");
        }

        if (string.IsNullOrWhiteSpace(form.Text("from")))
        {
            return Fail("Field 'from' is required.");
        }

        if (string.IsNullOrEmpty(form.Text("subject")))
        {
            return Fail("Field 'subject' is required.");
        }

        var templateId = form.Text("template_id");
        if (templateId is not null && !templates)
        {
            return Fail("Field 'template_id' belongs to sendmail_templates.");
        }

        var text = form.Text("text") ?? form.Text("txt");
        var html = form.Text("html");
        if (templateId is not null && (html is not null || text is not null))
        {
            return Fail("Give either template_id or html/text: the template supplies the body.");
        }

        if (form["to"] is not { } toNode || (!toNode.HasChildren && string.IsNullOrWhiteSpace(toNode.Value)))
        {
            return Fail("Field 'to' is required: to[address] (with [vars][name], [message_id]).");
        }

        var to = toNode.HasChildren ? toNode.Children.Select(r => Recipient(r.Key, r.Value)).ToList() : [new RecipientDto(toNode.Value, null, null, null)];
        var request = new SendMessageRequest
        {
            From = new EmailAddressDto(form.Text("from"), form.Text("from_name")),
            To = to,
            Cc = Copies(form["cc"], form.Text("cc_name")),
            Bcc = Copies(form["bcc"], form.Text("bcc_name")),
            ReplyTo = (form.Text("reply_to") ?? form.Text("replay_to")) is { } replyTo ? new EmailAddressDto(replyTo, null) : null,
            Subject = templateId is null ? form.Text("subject") : null,
            Html = html,
            Text = text,
            TemplateId = templateId,
            Headers = form["headers"]?.Children.ToDictionary(h => h.Key, h => h.Value.Value ?? string.Empty),
            Tags = form["tags"] is { } tags ? (tags.HasChildren ? tags.Children.Select(t => t.Value.Value ?? string.Empty).ToList() : [tags.Value ?? string.Empty]) : null,
            Metadata = new Dictionary<string, string> { [AccountMetadataKey] = account },
            Attachments = form["files"]?.Children.Select(f => Attachment(f.Value)).ToList(),
        };
        return (request, account, templateId is null ? null : form.Text("subject"), null);
    }

    private static (SendMessageRequest?, string?, string?, string?) Fail(string error) => (null, null, null, error);

    /// <summary><c>to[addr]=Name</c> (what mailer transports send) or <c>to[addr][name|vars|message_id]</c>.</summary>
    private static RecipientDto Recipient(string address, PhpForm value)
    {
        if (!value.HasChildren)
        {
            return new RecipientDto(address, string.IsNullOrEmpty(value.Value) || value.Value == address ? null : value.Value, null, null);
        }

        var vars = value["vars"] is { HasChildren: true } v ? v.Children.ToDictionary(p => p.Key, p => ToJson(p.Value)) : null;
        var metadata = value.Text("message_id") is { Length: > 0 } messageId ? new Dictionary<string, string> { ["message_id"] = messageId } : null;
        return new RecipientDto(address, value.Text("name"), vars, metadata);
    }

    /// <summary><c>cc=addr</c> with <c>cc_name</c>, or <c>cc[addr]=Name</c>.</summary>
    private static List<EmailAddressDto>? Copies(PhpForm? node, string? name) =>
        node is null ? null
        : node.HasChildren ? node.Children.Select(c => new EmailAddressDto(c.Key, string.IsNullOrEmpty(c.Value.Value) || c.Value.Value == c.Key ? null : c.Value.Value)).ToList()
        : string.IsNullOrWhiteSpace(node.Value) ? null
        : [new EmailAddressDto(node.Value, string.IsNullOrEmpty(name) ? null : name)];

    private static AttachmentDto Attachment(PhpForm file)
    {
        var inline = file.Text("inline") is "1" or "true";
        var name = file.Text("name");
        return new AttachmentDto(name, file.Text("mime"), file.Text("content"), inline, inline ? name : null);
    }

    /// <summary>A var as JSON: a string, or an object (array when its keys are 0..n-1) of nested vars.</summary>
    private static JsonElement ToJson(PhpForm value) => JsonSerializer.SerializeToElement(ToNode(value));

    private static JsonNode? ToNode(PhpForm value)
    {
        if (!value.HasChildren)
        {
            return JsonValue.Create(value.Value ?? string.Empty);
        }

        var children = value.Children.ToList();
        if (children.Select((c, i) => c.Key == i.ToString(System.Globalization.CultureInfo.InvariantCulture)).All(x => x))
        {
            return new JsonArray(children.Select(c => ToNode(c.Value)).ToArray());
        }

        var obj = new JsonObject();
        foreach (var (key, child) in children)
        {
            obj[key] = ToNode(child);
        }

        return obj;
    }
}
