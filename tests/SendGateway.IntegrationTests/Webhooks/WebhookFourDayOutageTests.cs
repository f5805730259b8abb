using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T56, the endpoint down for 4 days: a real receiver answers <c>503</c> while real messages make an
/// <c>ok</c> event on day 0, 1, 2 and 3 of the service's clock. The day-0 batch runs out of its 24 h schedule, the
/// endpoint is disabled (<c>failing</c>) and the tenant told; the events of days 1 to 3 are held for it. Once the
/// receiver is back, a replay of the range sends the failed batch again (same <c>webhook-id</c> and body) and enables
/// the endpoint, whose held events go out: every event of the 4 days arrives exactly once with its id and event time,
/// and all are in <c>GET /v1/events</c>.
/// </summary>
[TestFixture]
public sealed class WebhookFourDayOutageTests() : WebhookFaultFixture(new Dictionary<string, string?>(), "hook-outage.test", Clock)
{
    private static readonly AdjustableTimeProvider Clock = new();
#pragma warning disable NUnit1032 // Disposed in DisposeMoreAsync, after the factory that shares its databases.
    private SendGatewayFactory _setup = null!;
#pragma warning restore NUnit1032
    private string _admin = null!;

    protected override async Task<SendGatewayFactory> CreateFactoryAsync(IDictionary<string, string?> settings, TimeProvider? clock)
    {
        _setup = new SendGatewayFactory("api");
        using var operatorTenant = await _setup.CreateTenantAsync();
        var domain = $"sys-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(operatorTenant, domain);
        settings["SendGateway:SystemMail:From"] = $"no-reply@{domain}";
        settings["SendGateway:SystemMail:TenantId"] = operatorTenant.Id;
        return new SendGatewayFactory("api,delivery,events", settings, _setup.RedisDatabase, _setup.PostgresDatabase, clock: clock);
    }

    protected override async ValueTask DisposeMoreAsync() => await _setup.DisposeAsync();

    [OneTimeSetUp]
    public async Task AddAdminAsync()
    {
        _admin = $"outage-admin-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await Factory.Services.GetRequiredService<UserStore>().CreateAsync(Tenant.Id, _admin, PanelRoles.Admin, "not-a-real-hash", CancellationToken.None), Is.Not.Null);
    }

    /// <summary>Each test's endpoint goes with its receiver, so the next test's events are not sent to a closed port.</summary>
    [TearDown]
    public async Task DeleteEndpointsAsync()
    {
        foreach (var hook in (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/webhooks")).GetProperty("data").EnumerateArray())
        {
            using var deleted = await Tenant.Client.DeleteAsync($"/v1/webhooks/{hook.GetProperty("id").GetString()}");
        }
    }

    [Test]
    public async Task EveryEventOfAFourDayOutageReachesTheEndpointOnceAfterItRecovers()
    {
        var up = false;
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(Volatile.Read(ref up) ? 204 : 503));
        var (hook, _) = await CreateHookAsync(server.Url);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);

        var messages = new List<string> { await SendOkAsync() }; // day 0
        var failing = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count >= 2, TimeSpan.FromSeconds(60));
        Assert.That(failing.Select(a => a.GetProperty("status_code").GetInt32()), Is.All.EqualTo(503), "retried inside the window");

        Clock.Advance(TimeSpan.FromDays(1)); // day 1: the day-0 batch's next failure is past its 24 h window
        var webhook = await Polling.UntilAsync(() => WebhookAsync(hook), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("failing"), "disabled at the end of the schedule");
        var audit = (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Count(e => e.GetProperty("action").GetString() == "webhook.disabled" && e.GetProperty("target").GetString() == $"id={hook}");
        Assert.That(audit, Is.EqualTo(1), "one audit entry");
        var notice = await Polling.UntilAsync(
            () => Task.FromResult(TestEnvironment.Mx1.For(_admin).FirstOrDefault(m => m.Parse().Subject?.Contains(hook, StringComparison.Ordinal) == true)),
            m => m is not null, TimeSpan.FromSeconds(60));
        Assert.That(notice, Is.Not.Null, "the tenant's admin was mailed");
        var failedBeforeRecovery = server.Requests.ToList();

        messages.Add(await SendOkAsync()); // day 1, the endpoint disabled
        Clock.Advance(TimeSpan.FromDays(1));
        messages.Add(await SendOkAsync()); // day 2
        Clock.Advance(TimeSpan.FromDays(1));
        messages.Add(await SendOkAsync()); // day 3
        var stored = new List<JsonElement>();
        foreach (var message in messages)
        {
            var ok = await Polling.UntilAsync(() => OkEventAsync(message), e => e is not null, TimeSpan.FromSeconds(60));
            Assert.That(ok, Is.Not.Null, $"the ok event of {message} is in GET /v1/events");
            stored.Add(ok!.Value);
        }

        var days = stored.Select(e => (e.GetProperty("timestamp").GetDateTimeOffset() - stored[0].GetProperty("timestamp").GetDateTimeOffset()).Days).ToList();
        Assert.That(days, Is.EqualTo(new[] { 0, 1, 2, 3 }), "one event a day over four days");
        Assert.That(server.Requests, Has.Count.EqualTo(failedBeforeRecovery.Count), "nothing is sent to a disabled endpoint");

        Volatile.Write(ref up, true);
        var replay = await (await Tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = started })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(replay.GetProperty("replayed").GetInt32(), Is.GreaterThanOrEqualTo(1), replay.ToString());
        var (failed, _) = await FailedWebhookBatch.SettledAsync(Factory, Tenant.Id);
        Assert.That(failed, Is.Zero, "no batch left failed");
        Assert.That((await WebhookAsync(hook)).GetProperty("enabled").GetBoolean(), Is.True, "the replay enabled the endpoint again");

        var afterRecovery = server.Requests.Skip(failedBeforeRecovery.Count).ToList();
        Assert.That(afterRecovery.Select(r => r.WebhookId).Distinct().Count(), Is.EqualTo(afterRecovery.Count), "each batch sent once, answered 204");
        var received = OkEvents(afterRecovery);
        Assert.That(received.Select(e => e.GetProperty("id").GetString()), Is.EquivalentTo(stored.Select(e => e.GetProperty("id").GetString())), "every event of the 4 days, each exactly once");
        foreach (var expected in stored)
        {
            var got = received.Single(e => e.GetProperty("id").GetString() == expected.GetProperty("id").GetString());
            Assert.That(got.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(expected.GetProperty("timestamp").GetDateTimeOffset()), "its event time");
            Assert.That(got.GetProperty("message_id").GetString(), Is.EqualTo(expected.GetProperty("message_id").GetString()));
        }

        var dayZero = failedBeforeRecovery[0];
        Assert.That(afterRecovery.Where(r => r.WebhookId == dayZero.WebhookId).Select(r => r.Body), Is.EqualTo(new[] { dayZero.Body }), "the failed batch replayed with its webhook-id and body");
    }

    /// <summary>
    /// A replay whose range holds no failed batch still enables an endpoint the service disabled (here by <c>410</c>) when
    /// events are held for it: the tenant says it is back, and the held event goes out with the batch the 410 left pending.
    /// </summary>
    [Test]
    public async Task AReplayEnablesAnEndpointThatHoldsEventsEvenWithNoFailedBatchInItsRange()
    {
        var up = false;
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(Volatile.Read(ref up) ? 204 : 410));
        var (hook, _) = await CreateHookAsync(server.Url);
        var messages = new List<string> { await SendOkAsync() };
        var webhook = await Polling.UntilAsync(() => WebhookAsync(hook), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("gone"));
        var gone = server.Requests.Count;

        messages.Add(await SendOkAsync()); // held for the disabled endpoint
        var stored = new List<string>();
        foreach (var message in messages)
        {
            var ok = await Polling.UntilAsync(() => OkEventAsync(message), e => e is not null, TimeSpan.FromSeconds(60));
            Assert.That(ok, Is.Not.Null, $"the ok event of {message} is in GET /v1/events");
            stored.Add(ok!.Value.GetProperty("id").GetString()!);
        }

        Volatile.Write(ref up, true);
        var replay = await (await Tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = DateTimeOffset.UtcNow })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(replay.GetProperty("replayed").GetInt32(), Is.Zero, "no failed batch in the range");
        Assert.That((await WebhookAsync(hook)).GetProperty("enabled").GetBoolean(), Is.True, "enabled: events were held for it");
        await FailedWebhookBatch.SettledAsync(Factory, Tenant.Id);
        var received = OkEvents(server.Requests.Skip(gone).ToList());
        Assert.That(received.Select(e => e.GetProperty("id").GetString()), Is.EquivalentTo(stored), "the pending batch's event and the held one, each once");
    }

    private static List<JsonElement> OkEvents(IEnumerable<ScriptedHookRequest> requests) =>
        [.. requests.SelectMany(r => JsonSerializer.Deserialize<List<JsonElement>>(r.Body)!).Where(e => e.GetProperty("type").GetString() == "ok")];

    private async Task<JsonElement?> OkEventAsync(string message) =>
        (await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={message}")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "ok").Select(e => (JsonElement?)e).FirstOrDefault();
}
