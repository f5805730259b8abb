using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// Webhooks end to end (api.md §6): simulator sends → events → outbox → signed batches → the Node receiver, which verifies
/// every request with the npm package <c>standardwebhooks</c>, unchanged.
/// </summary>
[TestFixture]
public sealed class WebhookDeliveryTests() : TenantFixture("api,delivery,events", "hooks-acme.test")
{
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartReceiverAsync() => _receiver = await WebhookReceiver.StartAsync();

    [OneTimeTearDown]
    public async Task StopReceiverAsync() => await _receiver.DisposeAsync();

    private async Task<(string Id, string Secret)> CreateHookAsync(string name, int status, object? events = null, int batchSize = 10, TestTenant? tenant = null, string? url = null)
    {
        var response = await (tenant ?? Tenant).Client.PostAsJsonAsync("/v1/webhooks", new { url = url ?? _receiver.UrlFor(name), events, batch_size = batchSize });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.That(secret, Does.StartWith("whsec_"));
        await _receiver.ConfigureAsync(name, secret, status);
        return (body.GetProperty("id").GetString()!, secret);
    }

    private async Task<string[]> SendAsync(params string[] locals)
    {
        var to = locals.Select(l => new { email = $"{l}+{Guid.NewGuid():N}@simulator.sendgateway.test" });
        var response = await Tenant.SendAsync(new { from = new { email = $"news@{SenderDomain}" }, to, subject = "Hi", text = "Hello" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
    }

    /// <summary>Every stored event of these messages, by id, once each message reached its final status.</summary>
    private async Task<Dictionary<string, JsonElement>> StoredEventsAsync(IEnumerable<(string Id, string Status)> messages, int perMessage = 0)
    {
        var events = new Dictionary<string, JsonElement>();
        foreach (var (id, status) in messages)
        {
            await Tenant.WaitForStatusAsync(id, status);
            var page = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={id}");
            foreach (var e in page.GetProperty("data").EnumerateArray())
            {
                events[e.GetProperty("id").GetString()!] = e;
            }
        }

        return events;
    }

    private async Task<IReadOnlyList<ReceivedWebhook>> WaitForEventsAsync(string name, IReadOnlyCollection<string> eventIds, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        IReadOnlyList<ReceivedWebhook> received = [];
        while (DateTime.UtcNow < deadline)
        {
            received = await _receiver.ReceivedAsync(name);
            var delivered = received.Where(r => r.Verified && r.Status / 100 == 2).SelectMany(r => r.Events()).Select(e => e.GetProperty("id").GetString()).ToHashSet();
            if (eventIds.All(delivered.Contains))
            {
                return received;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{name} did not receive all {eventIds.Count} events in {seconds} s; got {received.Count} requests");
        throw new InvalidOperationException("unreachable");
    }

    [Test]
    public async Task EveryBatchVerifiesWithStandardWebhooksCarriesTheSameEventObjectsAsTheApiAndATamperedBodyFails()
    {
        await CreateHookAsync("verify", 204);
        var ids = await SendAsync("ok", "open", "hardbounce");
        var stored = await StoredEventsAsync([(ids[0], "ok"), (ids[1], "open"), (ids[2], "hardbounce")]);
        Assert.That(stored, Has.Count.EqualTo(7), "injected+ok, injected+ok+open, injected+hardbounce");

        var received = await WaitForEventsAsync("verify", stored.Keys);
        Assert.That(received.All(r => r.Verified), Is.True, string.Join("\n", received.Where(r => !r.Verified).Select(r => r.Error)));
        Assert.That(received.All(r => r.WebhookId!.StartsWith("whm_", StringComparison.Ordinal) && r.Events().Count is >= 1 and <= 10), Is.True);
        foreach (var e in received.SelectMany(r => r.Events()).Where(e => stored.ContainsKey(e.GetProperty("id").GetString()!)))
        {
            Assert.That(e.ToString(), Is.EqualTo(stored[e.GetProperty("id").GetString()!].ToString()), "a webhook event is the same object GET /v1/events returns");
        }

        var genuine = received[0];
        Assert.That(await _receiver.PostRawAsync("verify", genuine.WebhookId!, genuine.WebhookTimestamp!, genuine.WebhookSignature!, genuine.Body), Is.EqualTo(204));
        var tampered = genuine.Body.Replace("\"type\":\"", "\"type\":\"x", StringComparison.Ordinal);
        Assert.That(await _receiver.PostRawAsync("verify", genuine.WebhookId!, genuine.WebhookTimestamp!, genuine.WebhookSignature!, tampered), Is.EqualTo(400));
        Assert.That((await _receiver.ReceivedAsync("verify"))[^1].Verified, Is.False);
    }

    [Test]
    public async Task OnlyTheChosenEventTypesAreSent()
    {
        await CreateHookAsync("bounces-only", 204, events: new[] { "hardbounce" });
        var ids = await SendAsync("hardbounce", "ok");
        var stored = await StoredEventsAsync([(ids[0], "hardbounce"), (ids[1], "ok")]);
        var bounce = stored.Values.Single(e => e.GetProperty("type").GetString() == "hardbounce").GetProperty("id").GetString()!;
        await WaitForEventsAsync("bounces-only", [bounce]);
        // Positive signal: a later bounce arrives, so whatever the earlier ok would have become was batched before it.
        var later = await SendAsync("hardbounce");
        var laterStored = await StoredEventsAsync([(later[0], "hardbounce")]);
        var received = await WaitForEventsAsync("bounces-only", [laterStored.Values.Single(e => e.GetProperty("type").GetString() == "hardbounce").GetProperty("id").GetString()!]);
        var types = received.SelectMany(r => r.Events()).Select(e => e.GetProperty("type").GetString()).Distinct();
        Assert.That(types, Is.EqualTo(new[] { "hardbounce" }));
    }

    [Test]
    public async Task AReceiverThatWasDownGetsEveryEventAfterwardsAndRetriesKeepTheirWebhookIdAndBody()
    {
        var (hook, secret) = await CreateHookAsync("down", 503);
        var ids = await SendAsync("ok", "ok", "open", "hardbounce", "ok");
        var stored = await StoredEventsAsync(ids.Select((id, i) => (id, i switch { 2 => "open", 3 => "hardbounce", _ => "ok" })));

        JsonElement deliveries = default;
        for (var i = 0; i < 100; i++)
        {
            deliveries = (await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}/deliveries")).GetProperty("data");
            if (deliveries.EnumerateArray().Any(d => d.GetProperty("attempt").GetInt32() >= 2))
            {
                break;
            }

            await Task.Delay(100);
        }

        var failed = deliveries.EnumerateArray().First();
        Assert.That(failed.GetProperty("status_code").GetInt32(), Is.EqualTo(503));
        Assert.That(failed.GetProperty("error").GetString(), Is.EqualTo("http_status"));
        Assert.That(deliveries.EnumerateArray().Any(d => d.GetProperty("attempt").GetInt32() >= 2), Is.True, "a failed batch is retried");

        Assert.That((await _receiver.ReceivedAsync("down")).Where(r => r.Status == 503).All(r => r.Verified), Is.True);
        await _receiver.ConfigureAsync("down", secret, 204);
        var received = await WaitForEventsAsync("down", stored.Keys);

        foreach (var attempts in received.GroupBy(r => r.WebhookId))
        {
            Assert.That(attempts.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "every attempt of one webhook-id carries the same body");
            Assert.That(attempts.Count(r => r.Status == 204), Is.LessThanOrEqualTo(1), "a batch is not sent again after a 2xx");
        }

        var deliveredEvents = received.Where(r => r.Status == 204).SelectMany(r => r.Events()).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.That(deliveredEvents, Is.Unique, "no event is delivered twice under different webhook-ids");
    }

    [Test]
    public async Task A410DisablesTheEndpointAndReEnablingItDeliversWhatWasPending()
    {
        // Only `ok`: events ingested while an endpoint is disabled are not queued for it (the outbox takes enabled ones),
        // so with `injected` too, one ingested after the 410 would never come and the test would race the ingester.
        // The one `ok` is in the batch that got the 410: pending, then delivered once re-enabled.
        var (hook, secret) = await CreateHookAsync("gone", 410, events: new[] { "ok" });
        var ids = await SendAsync("ok");
        var stored = (await StoredEventsAsync([(ids[0], "ok")])).Where(e => e.Value.GetProperty("type").GetString() == "ok").ToDictionary();
        Assert.That(stored, Has.Count.EqualTo(1));
        JsonElement webhook = default;
        for (var i = 0; i < 100; i++)
        {
            webhook = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}");
            if (!webhook.GetProperty("enabled").GetBoolean())
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.That(webhook.GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("gone"));

        await _receiver.ConfigureAsync("gone", secret, 204);
        var patched = await Tenant.Client.PatchAsJsonAsync($"/v1/webhooks/{hook}", new { enabled = true });
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitForEventsAsync("gone", stored.Keys);
    }

    [Test]
    public async Task TheTestEndpointSendsASignedSampleAndRecordsTheAttempt()
    {
        var (hook, _) = await CreateHookAsync("sample", 204);
        var result = await (await Tenant.Client.PostAsync($"/v1/webhooks/{hook}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(result.GetProperty("succeeded").GetBoolean(), Is.True, result.ToString());
        Assert.That(result.GetProperty("status_code").GetInt32(), Is.EqualTo(204));
        var received = await _receiver.ReceivedAsync("sample");
        Assert.That(received.Single().Verified, Is.True);
        var log = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}/deliveries");
        Assert.That(log.GetProperty("data")[0].GetProperty("batch_id").GetString(), Is.EqualTo(result.GetProperty("webhook_message_id").GetString()));
    }

    [Test]
    public async Task ARedirectIsAFailedAttemptAndIsNotFollowed()
    {
        var (hook, _) = await CreateHookAsync("moved", 302);
        var result = await (await Tenant.Client.PostAsync($"/v1/webhooks/{hook}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(result.GetProperty("succeeded").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("status_code").GetInt32(), Is.EqualTo(302));
        Assert.That(result.GetProperty("error").GetString(), Is.EqualTo("redirect"));
        Assert.That(await _receiver.ReceivedAsync("moved-redirected"), Is.Empty);
    }

    [Test]
    public async Task AHangingEndpointOfOneTenantDoesNotHoldUpAnotherTenantsWebhooks()
    {
        using var tarpit = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        tarpit.Start();
        var hanging = new List<System.Net.Sockets.TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                hanging.Add(await tarpit.AcceptTcpClientAsync()); // accepts and never answers
            }
        });

        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hooks-other.test");
        var response = await other.Client.PostAsJsonAsync("/v1/webhooks", new { url = $"http://127.0.0.1:{((IPEndPoint)tarpit.LocalEndpoint).Port}/hook" });
        var tarpitHook = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var blocked = await other.SendAsync(new { from = new { email = "a@hooks-other.test" }, to = Enumerable.Range(0, 5).Select(_ => new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" }), subject = "x", text = "x" });
        Assert.That((int)blocked.StatusCode, Is.EqualTo(202));
        for (var i = 0; i < 100 && hanging.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(hanging, Is.Not.Empty, "the dispatcher is now waiting on the tarpit");

        await CreateHookAsync("fast", 204);
        var ids = await SendAsync("ok");
        var stored = await StoredEventsAsync([(ids[0], "ok")]);
        await WaitForEventsAsync("fast", stored.Keys);
        var tarpitLog = await other.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{tarpitHook}/deliveries");
        Assert.That(tarpitLog.GetProperty("data").GetArrayLength(), Is.Zero, "the other tenant's events arrived while the tarpit attempt was still open");
    }
}
