using System.Text.Json;
using System.Text.Json.Nodes;
using SendGateway.Server.Events;
using SendGateway.Server.Settings;

namespace SendGateway.Server.Webhooks;

/// <summary>
/// A batch's payload as the tenant's <c>webhook_recipient</c> setting says (reliability.md T58). <c>full</c>: the event
/// objects as the API shows them. <c>hashed</c>: <c>recipient</c> is <see cref="WebhookRecipientKey.Hash"/>; <c>omitted</c>:
/// there is no <c>recipient</c>. Either way the address is also taken out of every other string of the event (an MX's
/// reply quotes it, a clicked link or the metadata may hold it, URL-encoded too): the hash, or <see cref="OmittedText"/>,
/// stands in its place. <c>recipient_domain</c> stays (the mailbox provider, for per-provider results), and so does
/// <c>from</c> (the tenant's own sender, not the recipient's data).
/// </summary>
internal static class WebhookRecipientShape
{
    public const string OmittedText = "[recipient]";

    public static string Serialize(IReadOnlyList<EventView> events, TenantSettings settings, JsonSerializerOptions json)
    {
        if (settings.WebhookRecipient == TenantSettings.WebhookRecipientFull)
        {
            return JsonSerializer.Serialize(events, json);
        }

        var array = new JsonArray();
        foreach (var e in events)
        {
            var node = JsonSerializer.SerializeToNode(e, json)!.AsObject();
            var hash = settings is { WebhookRecipient: TenantSettings.WebhookRecipientHashed, WebhookRecipientKey: { } key } ? WebhookRecipientKey.Hash(key, e.Recipient) : null;
            if (e.Recipient.Length > 0)
            {
                Scrub(node, [e.Recipient, Uri.EscapeDataString(e.Recipient)], hash ?? OmittedText);
            }

            if (hash is null)
            {
                node.Remove("recipient");
            }
            else
            {
                node["recipient"] = hash;
            }

            array.Add(node);
        }

        return array.ToJsonString(json);
    }

    private static void Scrub(JsonNode? node, string[] forms, string replacement)
    {
        if (node is JsonObject o)
        {
            foreach (var name in o.Select(p => p.Key).ToList())
            {
                if (Replaced(o[name], forms, replacement) is { } text)
                {
                    o[name] = text;
                }
                else
                {
                    Scrub(o[name], forms, replacement);
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                if (Replaced(a[i], forms, replacement) is { } text)
                {
                    a[i] = text;
                }
                else
                {
                    Scrub(a[i], forms, replacement);
                }
            }
        }
    }

    private static string? Replaced(JsonNode? node, string[] forms, string replacement) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && forms.Any(f => s.Contains(f, StringComparison.OrdinalIgnoreCase))
            ? forms.Aggregate(s, (text, form) => text.Replace(form, replacement, StringComparison.OrdinalIgnoreCase))
            : null;
}
