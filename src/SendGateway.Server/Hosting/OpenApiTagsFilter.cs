using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SendGateway.Server.Hosting;

/// <summary>One line per tag of the OpenAPI document: the sections of the rendered API reference.</summary>
internal sealed class OpenApiTagsFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Messages"] = "Send mail and follow each message from acceptance to its outcome.",
        ["Events"] = "Every event of the account's messages, and counts per type.",
        ["Domains"] = "Sender domains: their DKIM keys and the DNS records to publish.",
        ["Templates"] = "Stored templates and layouts, their versions, and rendering.",
        ["Suppressions"] = "Addresses and domains that are not sent to, and why.",
        ["Webhooks"] = "Endpoints that receive signed batches of events.",
        ["API keys"] = "The account's API keys, their scopes and role ceilings.",
        ["SMTP credentials"] = "Logins for the SMTP relay.",
        ["Users"] = "The people who use the web panel, and their roles.",
        ["Settings"] = "The account's settings: suppression, retention, tracking.",
        ["Streams"] = "Message streams (transactional, broadcast and your own) and their defaults: unsubscribe, tracking, pool.",
        ["Queues"] = "The account's queued mail per destination domain.",
        ["Privacy"] = "Export and erasure of a recipient's personal data.",
        ["Audit"] = "Who changed or read what, when and from where.",
        ["Admin"] = "The operator's endpoints: tenants, IP pools, queues and dead letters (admin scope).",
        ["Operator"] = "Support access to a tenant's data, with a recorded reason.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        if (swaggerDoc.Tags is null)
        {
            return;
        }

        foreach (var tag in swaggerDoc.Tags)
        {
            if (tag.Name is not null && Descriptions.TryGetValue(tag.Name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
