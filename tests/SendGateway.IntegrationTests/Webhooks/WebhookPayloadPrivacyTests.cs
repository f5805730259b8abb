using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.EventContract;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T58: every message event type (one simulator message each) reaches an endpoint subscribed to all of
/// them, while another tenant sends too. Each payload holds only this tenant's events, never the subject or the body,
/// only the fields of the event object (the personal data among them: recipient, from, metadata the tenant set, the
/// clicked URL and the opener's user agent and client), and stays under 20 KB.
/// </summary>
[TestFixture]
public sealed class WebhookPayloadPrivacyTests() : WebhookFaultFixture(new Dictionary<string, string?>(), "hook-privacy.test")
{
    private static readonly HashSet<string> EventFields =
    [
        "id", "type", "timestamp", "message_id", "batch_id", "sequence", "recipient", "recipient_domain", "from", "tags", "metadata",
        "smtp", "bounce", "reason", "url", "user_agent", "machine", "machine_reason", "client",
    ];

    [Test]
    public async Task EveryPayloadTypeCarriesOnlyTheTenantsOwnEventsNoContentAndStaysSmall()
    {
        var marker = Guid.NewGuid().ToString("N");
        await using var mine = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        await using var theirs = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        var created = await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = mine.Url, batch_size = 10 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hook-privacy-other.test");
        Assert.That((await other.Client.PostAsJsonAsync("/v1/webhooks", new { url = theirs.Url })).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        string[] locals = ["ok", "softbounce", "hardbounce", "spambounce", "open", "click", "feedback", "unsubscribe", "dropped"];
        var to = locals.Select(l => new { email = $"{l}+{marker}@simulator.sendgateway.test" }).ToArray();
        var (subject, text) = ($"Subject {marker}", $"Body {marker} https://example.com/{marker}");
        var ours = await SendAsync(Tenant, "hook-privacy.test", to, subject, text);
        var others = await SendAsync(other, "hook-privacy-other.test", [new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" }], subject, text);

        var received = await Polling.UntilAsync(() => Task.FromResult(Events(mine)), e => EventTypes.All.All(t => e.Any(x => x.GetProperty("type").GetString() == t)), TimeSpan.FromSeconds(90));
        Assert.That(received.Select(e => e.GetProperty("type").GetString()).Distinct(), Is.SupersetOf(EventTypes.All), "every message event type was sent");
        Assert.That(received.Select(e => e.GetProperty("message_id").GetString()), Is.All.AnyOf(ours), "only this tenant's events");
        Assert.That(Events(theirs).Select(e => e.GetProperty("message_id").GetString()), Is.All.AnyOf(others), "and the other tenant gets only its own");
        foreach (var request in mine.Requests)
        {
            Assert.That(Encoding.UTF8.GetByteCount(request.Body), Is.LessThan(20 * 1024), "a batch of ten stays under 20 KB");
            Assert.That(request.Body, Does.Not.Contain($"Subject {marker}").And.Not.Contain($"Body {marker}"), "no subject, no body");
        }

        foreach (var e in received)
        {
            Assert.That(e.EnumerateObject().Select(p => p.Name), Is.SubsetOf(EventFields), $"only the event object's fields: {e}");
            Assert.That(e.GetProperty("recipient").GetString(), Does.Contain(marker), "the recipient address is carried: there is no setting to leave it out");
        }
    }

    private static List<JsonElement> Events(ScriptedWebhookServer server) =>
        [.. server.Requests.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray())];

    private static async Task<string[]> SendAsync(TestTenant tenant, string domain, object[] to, string subject, string text)
    {
        using var response = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to, subject, text });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];
    }
}
