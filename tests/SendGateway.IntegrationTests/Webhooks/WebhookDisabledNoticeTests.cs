using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T52 and T56: when the dispatcher disables an endpoint (it answered 410, or a batch's retry schedule
/// ran out) the tenant is told: a <c>webhook.disabled</c> entry in its audit log and a mail to its admins from the
/// system sender (an operator tenant's proven domain, delivered to a real MX). The end of the schedule is reached by
/// moving the service's clock past the 24 h retry window while the endpoint answers 503; the events stay readable and
/// a replay by time range delivers them once the endpoint is back (and enables it again).
/// </summary>
[TestFixture]
public sealed class WebhookDisabledNoticeTests() : WebhookFaultFixture(new Dictionary<string, string?>(), "hook-notice.test", Clock)
{
    private static readonly AdjustableTimeProvider Clock = new();
#pragma warning disable NUnit1032 // Disposed in DisposeMoreAsync, after the factory that shares its databases.
    private SendGatewayFactory _setup = null!;
#pragma warning restore NUnit1032
    private string _admin = null!;
    private string _viewer = null!;

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
        // A person who has signed up (an invitation becomes a panel user only once redeemed), written as the command line's `user create` does.
        _admin = $"hook-admin-{Guid.NewGuid():N}@mx-ok.test";
        var users = Factory.Services.GetRequiredService<UserStore>();
        Assert.That(await users.CreateAsync(Tenant.Id, _admin, PanelRoles.Admin, "not-a-real-hash", CancellationToken.None), Is.Not.Null);
        _viewer = $"hook-viewer-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await users.CreateAsync(Tenant.Id, _viewer, PanelRoles.Viewer, "not-a-real-hash", CancellationToken.None), Is.Not.Null);
    }

    private async Task<ReceivedMessage?> NoticeAsync(string hook) =>
        await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(_admin).FirstOrDefault(m => m.Parse().Subject?.Contains(hook, StringComparison.Ordinal) == true)),
            m => m is not null, TimeSpan.FromSeconds(60));

    private async Task<List<JsonElement>> AuditAsync(string hook) =>
        [.. (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "webhook.disabled" && e.GetProperty("target").GetString() == $"id={hook}")];

    [Test]
    public async Task AnEndpointAtTheEndOfItsRetryScheduleIsDisabledAndTheTenantIsToldAndItsEventsAreReplayable()
    {
        var up = false;
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(Volatile.Read(ref up) ? 204 : 503));
        var (hook, _) = await CreateHookAsync(server.Url);
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var message = await SendOkAsync();
        var failing = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count >= 2, TimeSpan.FromSeconds(60));
        Assert.That(failing.Select(a => a.GetProperty("status_code").GetInt32()), Is.All.EqualTo(503));
        Assert.That(failing[0].GetProperty("batch_state").GetString(), Is.EqualTo("pending"), "retried while inside the window");
        Assert.That((await WebhookAsync(hook)).GetProperty("enabled").GetBoolean(), Is.True);

        Clock.Advance(TimeSpan.FromHours(25)); // the next failure is past the 24 h window
        var webhook = await Polling.UntilAsync(() => WebhookAsync(hook), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("failing"));
        Assert.That((await DeliveriesAsync(hook))[0].GetProperty("batch_state").GetString(), Is.EqualTo("failed"));

        // The audit entry is written after the endpoint is disabled, not in the same statement: waited for.
        var audit = await Polling.UntilAsync(() => AuditAsync(hook), a => a.Count > 0, TimeSpan.FromSeconds(30));
        Assert.That(audit, Has.Count.EqualTo(1), "one audit entry");
        Assert.That(audit[0].GetProperty("purpose").GetString(), Does.StartWith("failing"));
        var notice = await NoticeAsync(hook);
        Assert.That(notice, Is.Not.Null, "the tenant's admin was mailed");
        var text = notice!.Parse().TextBody;
        Assert.That(text, Does.Contain(hook).And.Contain($"http://127.0.0.1:{server.Port}/…").And.Contain("replay"));
        Assert.That(text, Does.Not.Contain(server.Url), "the URL is masked");

        var events = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={message}");
        Assert.That(events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Does.Contain("ok"), "the event is kept");
        Volatile.Write(ref up, true);
        var replay = await (await Tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = started })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(replay.GetProperty("replayed").GetInt32(), Is.EqualTo(1), replay.ToString());
        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log[^1].GetProperty("batch_state").GetString(), Is.EqualTo("delivered"));
        Assert.That(server.Requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the replay carried the same body");
        Assert.That((await WebhookAsync(hook)).GetProperty("enabled").GetBoolean(), Is.True, "replaying enabled the endpoint again");
    }

    [Test]
    public async Task A410DisablesTheEndpointAndTheTenantIsTold()
    {
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(410));
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();
        var webhook = await Polling.UntilAsync(() => WebhookAsync(hook), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("gone"));
        var audit = await AuditAsync(hook);
        Assert.That(audit, Has.Count.EqualTo(1));
        Assert.That(audit[0].GetProperty("purpose").GetString(), Does.StartWith("gone"));
        Assert.That(audit[0].GetProperty("actor").GetString(), Is.EqualTo("system (webhook dispatch)"));
        var notice = await NoticeAsync(hook);
        Assert.That(notice, Is.Not.Null, "the tenant's admin was mailed");
        Assert.That(notice!.Parse().TextBody, Does.Contain("410 Gone"));
        Assert.That(TestEnvironment.Mx1.For(_viewer), Is.Empty, "admins and owners are told, not viewers");
    }
}
