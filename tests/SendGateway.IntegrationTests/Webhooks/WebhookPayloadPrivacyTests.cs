using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.EventContract;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T58: every payload type reaches an endpoint subscribed to all of them (one simulator message per
/// message event type, and a sender domain stopped by the DKIM re-check for <c>domain.unverified</c>), while another
/// tenant sends too. Each payload holds only this tenant's events, never the subject or the body, only the fields of its
/// object, and stays under 20 KB. The tenant setting <c>webhook_recipient</c> decides the recipient: <c>full</c> (the
/// default) carries the address, <c>omitted</c> leaves it out of every payload (the raw bodies are searched, a metadata
/// value that held the address included), <c>hashed</c> carries the documented keyed hash in its place.
/// </summary>
[TestFixture]
public sealed class WebhookPayloadPrivacyTests() : WebhookFaultFixture(RecheckEverySecond, "hook-privacy.test")
{
    private static readonly Dictionary<string, string?> RecheckEverySecond = new()
    {
        ["SendGateway:Domains:RecheckInterval"] = "00:00:01",
        ["SendGateway:Domains:SweepInterval"] = "00:00:00.200",
        ["SendGateway:Domains:MissingChecksToStop"] = "2",
    };

    private static readonly HashSet<string> EventFields =
    [
        "id", "type", "timestamp", "message_id", "batch_id", "sequence", "recipient", "recipient_domain", "from", "tags", "metadata",
        "smtp", "bounce", "reason", "url", "user_agent", "machine", "machine_reason", "client", "stream",
    ];

    private static readonly HashSet<string> DomainEventFields = ["type", "domain", "occurred_at", "missing_checks", "record"];

    private static readonly string[] Locals = ["ok", "softbounce", "hardbounce", "spambounce", "open", "click", "feedback", "unsubscribe", "dropped"];

    [Test]
    public async Task EveryPayloadTypeCarriesOnlyTheTenantsOwnEventsNoContentAndStaysSmall()
    {
        var (marker, content) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await using var mine = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        await using var theirs = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        await CreateAllTypesHookAsync(Tenant, mine.Url);
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hook-privacy-other.test");
        await CreateAllTypesHookAsync(other, theirs.Url);

        var ours = await SendAsync(Tenant, "hook-privacy.test", marker, content);
        var others = await SendAsync(other, "hook-privacy-other.test", Guid.NewGuid().ToString("N"), content);
        var stopped = await StopADomainAsync(Tenant);

        var (received, bodies) = await ReceiveEveryTypeAsync(mine, domainStopped: true);
        Assert.That(received.Where(IsMessageEvent).Select(e => e.GetProperty("message_id").GetString()), Is.All.AnyOf(ours.Keys), "only this tenant's message events");
        Assert.That(Events(theirs).Where(IsMessageEvent).Select(e => e.GetProperty("message_id").GetString()), Is.All.AnyOf(others.Keys), "and the other tenant gets only its own");
        Assert.That(Events(theirs).Where(e => !IsMessageEvent(e)), Is.Empty, "nor this tenant's domain.unverified");
        AssertSmallAndWithoutContent(bodies, content);
        foreach (var e in received.Where(IsMessageEvent))
        {
            Assert.That(e.EnumerateObject().Select(p => p.Name), Is.SubsetOf(EventFields), $"only the event object's fields: {e}");
            Assert.That(e.GetProperty("recipient").GetString(), Is.EqualTo(ours[e.GetProperty("message_id").GetString()!]).IgnoreCase, "full (the default): the address");
        }

        var domainEvent = received.Single(e => !IsMessageEvent(e));
        Assert.That(domainEvent.EnumerateObject().Select(p => p.Name), Is.SubsetOf(DomainEventFields), $"only the domain event's fields: {domainEvent}");
        Assert.That((domainEvent.GetProperty("type").GetString(), domainEvent.GetProperty("domain").GetString()), Is.EqualTo(("domain.unverified", stopped)), "this tenant's own domain");
    }

    [Test]
    public async Task WithTheRecipientOmittedNoPayloadCarriesTheAddressAnywhere()
    {
        var (marker, content) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        using var tenant = await Factory.CreateTenantAsync();
        var domain = await AddSenderDomainAsync(tenant);
        Assert.That((await SetRecipientAsync(tenant, "omitted")).GetProperty("webhook_recipient").GetString(), Is.EqualTo("omitted"));
        await using var hook = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        await CreateAllTypesHookAsync(tenant, hook.Url);

        await SendAsync(tenant, domain, marker, content);
        await StopADomainAsync(tenant);
        var (received, bodies) = await ReceiveEveryTypeAsync(hook, domainStopped: true);

        AssertSmallAndWithoutContent(bodies, content);
        Assert.That(bodies, Has.None.Contains(marker).IgnoreCase, "no payload holds the address, in any field (the metadata copy included)");
        foreach (var e in received.Where(IsMessageEvent))
        {
            Assert.That(e.TryGetProperty("recipient", out _), Is.False, $"no recipient field: {e}");
            Assert.That(e.GetProperty("recipient_domain").GetString(), Is.EqualTo("simulator.sendgateway.test"), "the domain stays");
            Assert.That(e.GetProperty("metadata").GetProperty("user").GetString(), Is.EqualTo("[recipient]"), "a copy of the address elsewhere is replaced");
        }
    }

    [Test]
    public async Task WithTheRecipientHashedEachPayloadCarriesTheKeyedHashOfTheLowercasedAddress()
    {
        var (marker, content) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        using var tenant = await Factory.CreateTenantAsync();
        var domain = await AddSenderDomainAsync(tenant);
        using (var refused = await tenant.Client.PutAsJsonAsync("/v1/settings", new { webhook_recipient = "sha256" }))
        {
            Assert.That((int)refused.StatusCode, Is.EqualTo(422), "only full, hashed or omitted");
        }

        var settings = await SetRecipientAsync(tenant, "hashed");
        var key = settings.GetProperty("webhook_recipient_key").GetString()!;
        Assert.That(key, Does.Match("^[0-9a-f]{64}$"), "a 32-byte key, shown to the tenant's admins");
        Assert.That((await SetRecipientAsync(tenant, "full")).GetProperty("webhook_recipient_key").GetString(), Is.EqualTo(key), "kept when the setting changes");
        await using (var db = new Npgsql.NpgsqlConnection(Factory.PostgresConnectionString))
        {
            await db.OpenAsync();
            await using var read = new Npgsql.NpgsqlCommand("SELECT webhook_recipient_key FROM tenant_settings WHERE tenant_id = @t", db);
            read.Parameters.AddWithValue("t", tenant.Id);
            var stored = (byte[])(await read.ExecuteScalarAsync())!;
            Assert.That(Encoding.UTF8.GetString(stored), Does.Not.Contain(key), "the key is a secret: sealed at rest");
            Assert.That(Convert.ToHexStringLower(stored), Does.Not.Contain(key));
        }

        await SetRecipientAsync(tenant, "hashed");
        await using var hook = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        var hookId = await CreateAllTypesHookAsync(tenant, hook.Url);

        var sent = await SendAsync(tenant, domain, marker, content);
        var (received, bodies) = await ReceiveEveryTypeAsync(hook, domainStopped: false);

        var test = await tenant.Client.PostAsync($"/v1/webhooks/{hookId}/test", null);
        Assert.That(test.StatusCode, Is.EqualTo(HttpStatusCode.OK), await test.Content.ReadAsStringAsync());
        var sample = Events(hook).Single(e => e.GetProperty("message_id").GetString() is { } id && !sent.ContainsKey(id));
        Assert.That(sample.GetProperty("recipient").GetString(), Is.EqualTo(Hash(key, "test@example.test")), "the test send has the same shape");

        AssertSmallAndWithoutContent(bodies, content);
        Assert.That(bodies, Has.None.Contains(marker).IgnoreCase, "the address is nowhere in the payloads");
        foreach (var e in received.Where(IsMessageEvent))
        {
            var expected = Hash(key, sent[e.GetProperty("message_id").GetString()!]);
            Assert.That(e.GetProperty("recipient").GetString(), Is.EqualTo(expected), $"HMAC-SHA256 of the lowercased address under the key: {e}");
            Assert.That(e.GetProperty("metadata").GetProperty("user").GetString(), Is.EqualTo(expected), "a copy of the address elsewhere is the hash too");
        }
    }

    [Test]
    public async Task AnErasureAlsoDeletesTheStoredBatchesThatHoldThePersonsHash()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var domain = await AddSenderDomainAsync(tenant);
        var key = (await SetRecipientAsync(tenant, "hashed")).GetProperty("webhook_recipient_key").GetString()!;
        await using var hook = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        await CreateAllTypesHookAsync(tenant, hook.Url);
        var address = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test";
        using (var sent = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = address } }, subject = "Hi", text = "Hello" }))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sent.Content.ReadAsStringAsync());
        }

        var hash = Hash(key, address);
        await Polling.UntilAsync(() => Task.FromResult(Events(hook)), e => e.Any(x => x.GetProperty("type").GetString() == "ok"), TimeSpan.FromSeconds(60));
        Assert.That(await BatchesHoldingAsync(tenant, hash), Is.GreaterThan(0), "the delivered batches are stored with the hash");

        using var erased = await tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { address } });
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK), await erased.Content.ReadAsStringAsync());
        Assert.That((await erased.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhook_batches").GetInt64(), Is.GreaterThan(0), "counted as erased");
        Assert.That(await BatchesHoldingAsync(tenant, hash), Is.Zero, "no stored payload keeps the person's hash (a pseudonym the tenant can undo)");
    }

    private async Task<long> BatchesHoldingAsync(TestTenant tenant, string text)
    {
        await using var db = new Npgsql.NpgsqlConnection(Factory.PostgresConnectionString);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT count(*) FROM webhook_batches WHERE tenant_id = @tenant AND position(@text IN payload) > 0", new { tenant = tenant.Id, text });
    }

    /// <summary>The documented computation, done here on its own: lowercase hex of HMAC-SHA256(key bytes, UTF-8 of the lowercased address).</summary>
    private static string Hash(string key, string address) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(key), Encoding.UTF8.GetBytes(address.ToLowerInvariant())));

    private static bool IsMessageEvent(JsonElement e) => e.GetProperty("type").GetString() != "domain.unverified";

    private static void AssertSmallAndWithoutContent(IReadOnlyList<string> bodies, string content)
    {
        foreach (var body in bodies)
        {
            Assert.That(Encoding.UTF8.GetByteCount(body), Is.LessThan(20 * 1024), "a batch of ten stays under 20 KB");
            Assert.That(body, Does.Not.Contain($"Subject {content}").And.Not.Contain($"Body {content}"), "no subject, no body");
        }
    }

    /// <summary>Every request's events and raw bodies once every message event type (and <c>domain.unverified</c> when a domain was stopped) has arrived.</summary>
    private static async Task<(List<JsonElement> Events, List<string> Bodies)> ReceiveEveryTypeAsync(ScriptedWebhookServer hook, bool domainStopped)
    {
        string[] types = domainStopped ? [.. EventTypes.All, "domain.unverified"] : EventTypes.All;
        var received = await Polling.UntilAsync(() => Task.FromResult(Events(hook)), e => types.All(t => e.Any(x => x.GetProperty("type").GetString() == t)), TimeSpan.FromSeconds(120));
        Assert.That(received.Select(e => e.GetProperty("type").GetString()).Distinct(), Is.SupersetOf(types), "every payload type was sent");
        return (received, [.. hook.Requests.Select(r => r.Body)]);
    }

    private static List<JsonElement> Events(ScriptedWebhookServer server) =>
        [.. server.Requests.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.EnumerateArray())];

    private static async Task<string> CreateAllTypesHookAsync(TestTenant tenant, string url)
    {
        var created = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url, events = EventTypes.All.Append("domain.unverified"), batch_size = 10 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> SetRecipientAsync(TestTenant tenant, string value)
    {
        var response = await tenant.Client.PutAsJsonAsync("/v1/settings", new { webhook_recipient = value });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> AddSenderDomainAsync(TestTenant tenant)
    {
        var name = $"hp-{Guid.NewGuid():N}"[..20] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, name);
        return name;
    }

    /// <summary>A second sender domain whose DKIM record disappears: the re-check stops it and a <c>domain.unverified</c> batch follows.</summary>
    private static async Task<string> StopADomainAsync(TestTenant tenant)
    {
        var name = $"hp-stop-{Guid.NewGuid():N}"[..20] + ".test";
        var domain = await SendGatewayFactory.AddDomainAsync(tenant, name);
        TestEnvironment.Dns.RemoveTxt(domain.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "dkim").GetProperty("name").GetString()!);
        return name;
    }

    /// <summary>One message to each simulator outcome, the address (mixed case) also in its metadata; message id → address.</summary>
    private static async Task<Dictionary<string, string>> SendAsync(TestTenant tenant, string domain, string marker, string content)
    {
        var ids = new Dictionary<string, string>();
        foreach (var local in Locals)
        {
            var address = $"{local.ToUpperInvariant()}+{marker}@simulator.sendgateway.test";
            using var response = await tenant.SendAsync(new
            {
                from = new { email = $"news@{domain}" }, to = new[] { new { email = address } }, subject = $"Subject {content}",
                text = $"Body {content} https://example.com/{content}", metadata = new Dictionary<string, string> { ["user"] = address },
            });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            ids[(await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!] = address;
        }

        return ids;
    }
}
