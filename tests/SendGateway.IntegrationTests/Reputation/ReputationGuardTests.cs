using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Bounces;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Reputation;

/// <summary>
/// The reputation guard end to end on real parts: complaints are real RFC 5965 reports sent to the signed return path of
/// a message the test MX received (the inbound feedback path), hard bounces the test MX's real 550 5.1.1, volume the
/// test-mode simulator's deliveries through the same queue and ingester. The minimum volumes are 20 here (1000 by default).
/// </summary>
[TestFixture]
public sealed class ReputationGuardTests
{
    private SendGatewayFactory _factory = null!;
    private WebhookReceiver _receiver = null!;
    private CapturingLoggerProvider _logs = null!;
    private HttpClient _admin = null!;
    private int _bouncePort;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _bouncePort = ProcessRunner.FreePort();
        _receiver = await WebhookReceiver.StartAsync();
        _logs = new CapturingLoggerProvider();
        _factory = new SendGatewayFactory("api,relay,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Bounces:Port"] = _bouncePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SendGateway:Reputation:MinimumDelivered"] = "20",
            ["SendGateway:Reputation:MinimumAttempted"] = "20",
            ["SendGateway:Reputation:EvaluateInterval"] = "00:00:00.500",
        }, logs: _logs);
        _factory.StartServer();
        _admin = _factory.CreateAdminClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
        _logs.Dispose();
    }

    /// <summary>A tenant with a verified sender domain and an endpoint for the guard's two events, named after the tenant.</summary>
    private async Task<(TestTenant Tenant, string Domain)> TenantAsync()
    {
        var tenant = await _factory.CreateTenantAsync();
        var domain = $"rep-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.UrlFor(tenant.Id), events = new[] { "tenant.reputation_warning", "tenant.paused" }, batch_size = 10 });
        Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
        await _receiver.ConfigureAsync(tenant.Id, (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!, 200);
        return (tenant, domain);
    }

    private static async Task<List<string>> SendAsync(TestTenant tenant, string domain, IEnumerable<string> recipients)
    {
        var response = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = recipients.Select(r => new { email = r }).ToArray(), subject = "Hello", text = "Hi" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];
    }

    private static IEnumerable<string> Simulated(int count) => Enumerable.Range(0, count).Select(i => $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test");

    /// <summary>A real feedback report about the message the test MX got for <paramref name="recipient"/>, to its signed return path.</summary>
    private async Task ComplainAsync(string recipient)
    {
        var returnPath = TestEnvironment.Mx1.For(recipient).Single().MailFrom;
        await using var client = await RawSmtpClient.ConnectAsync(_bouncePort);
        await client.SendAsync("EHLO fbl.example.com\r\n");
        Assert.That(await client.SendAsync("MAIL FROM:<abusedesk@example.com>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync($"RCPT TO:<{returnPath}>\r\n"), Does.StartWith("250"));
        Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
        Assert.That(await client.SendAsync(Rfc5965Example.Report(returnPath) + "\r\n.\r\n"), Does.StartWith("250 2.0.0"));
    }

    private async Task<JsonElement> ReputationAsync(string tenantId) => await _admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{tenantId}/reputation");

    private async Task<JsonElement> AdminTenantAsync(string tenantId) => await _admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tenants/{tenantId}");

    /// <summary>Waits until the tenant's window holds at least this many deliveries and attempts (the ingester has counted them).</summary>
    private async Task WaitForCountsAsync(string tenantId, long delivered, long attempted)
    {
        var rates = await Polling.UntilAsync(async () => (await ReputationAsync(tenantId)).GetProperty("rates"),
            r => r.GetProperty("delivered").GetInt64() >= delivered && r.GetProperty("attempted").GetInt64() >= attempted, TimeSpan.FromSeconds(90));
        Assert.That((rates.GetProperty("delivered").GetInt64(), rates.GetProperty("attempted").GetInt64()), Is.GreaterThanOrEqualTo((delivered, attempted)), rates.ToString());
    }

    private async Task<List<JsonElement>> EventsAsync(string tenantId, string type) =>
        [.. (await _receiver.ReceivedAsync(tenantId)).Where(r => r.Verified).SelectMany(r => r.Events()).Where(e => e.GetProperty("type").GetString() == type)];

    /// <summary>
    /// Waits until the delivery node has read the pause (its list is refreshed every second, so mail sent in the second
    /// after a pause may still leave: the documented delay).
    /// </summary>
    private async Task HoldingAsync(string tenantId)
    {
        var line = $"Tenant {tenantId} is paused: this node holds its mail";
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(_logs.Lines.Any(l => l.Contains(line, StringComparison.Ordinal))), seen => seen, TimeSpan.FromSeconds(30)), Is.True);
    }

    /// <summary>Waits until a round of the guard that started after <paramref name="since"/> is done (its start, kept in Redis).</summary>
    private async Task RoundAfterAsync(DateTimeOffset since)
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_factory.RedisConnectionString);
        var started = await Polling.UntilAsync(async () => (long?)await redis.GetDatabase().StringGetAsync("sg:rep:round") ?? 0, ms => ms > since.ToUnixTimeMilliseconds(), TimeSpan.FromSeconds(30));
        Assert.That(started, Is.GreaterThan(since.ToUnixTimeMilliseconds()), "a round ran");
    }

    private static async Task<long> HeldAsync(TestTenant tenant, string domain, string reason)
    {
        var snapshot = await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/queues");
        var row = snapshot.GetProperty("domains").EnumerateArray().FirstOrDefault(d => d.GetProperty("domain").GetString() == domain);
        return row.ValueKind == JsonValueKind.Object && row.GetProperty("held") is { ValueKind: JsonValueKind.Object } held && held.TryGetProperty(reason, out var n) ? n.GetInt64() : 0;
    }

    [Test]
    public async Task ATenantOverThePauseLineOfComplaintsIsPausedWithinAMinuteItsMailIsHeldWhileAnotherTenantsFlowsAndResumeSendsIt()
    {
        var (bad, badDomain) = await TenantAsync();
        var (good, goodDomain) = await TenantAsync();
        var complained = $"carl-{Guid.NewGuid():N}@mx-ok.test";
        var first = await SendAsync(bad, badDomain, Simulated(24).Append(complained));
        await bad.WaitForStatusAsync(first[^1], "ok", seconds: 60);
        await WaitForCountsAsync(bad.Id, 25, 25);

        await ComplainAsync(complained); // 1 of 25 delivered: 4 %, over the 0.3 % pause line
        var crossing = Stopwatch.StartNew();
        var paused = await Polling.UntilAsync(() => AdminTenantAsync(bad.Id), t => t.GetProperty("paused").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(paused.GetProperty("paused").GetBoolean(), Is.True, "paused within 60 s of the complaint");
        Assert.That(crossing.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(paused.GetProperty("suspended").GetBoolean(), Is.False, "paused is not suspended");
        Assert.That(paused.GetProperty("paused_reason").GetString(), Does.StartWith("complaint rate 4 %"));
        Assert.That(paused.GetProperty("paused_since").ValueKind, Is.EqualTo(JsonValueKind.String));

        // Accepted and held: REST and SMTP still take the tenant's mail, nothing reaches the MX.
        await HoldingAsync(bad.Id);
        var heldRest = $"held-{Guid.NewGuid():N}@mx-ok.test";
        var heldSmtp = $"held-smtp-{Guid.NewGuid():N}@mx-ok.test";
        var held = (await SendAsync(bad, badDomain, [heldRest])).Single();
        var relayed = await (await RelaySubmitter.CreateAsync(_factory, bad)).SubmitAsync($"news@{badDomain}", [heldSmtp]);
        Assert.That(relayed.Queued, Is.True, relayed.Mail + relayed.EndOfData);
        Assert.That(await Polling.UntilAsync(() => HeldAsync(bad, "mx-ok.test", "tenant_paused"), n => n >= 2, TimeSpan.FromSeconds(60)), Is.GreaterThanOrEqualTo(2),
            "the queue view says held: tenant_paused");
        var view = await bad.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{held}");
        Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("injected"), "a held message keeps its status");
        Assert.That(view.GetProperty("held").GetProperty("reason").GetString(), Is.EqualTo("tenant_paused"));
        Assert.That(TestEnvironment.Mx1.For(heldRest).Concat(TestEnvironment.Mx1.For(heldSmtp)), Is.Empty, "0 attempts at the MX");

        // Another tenant's mail flows, and nothing about it changed.
        var other = $"ok-{Guid.NewGuid():N}@mx-ok.test";
        var flowing = await good.WaitForStatusAsync((await SendAsync(good, goodDomain, [other])).Single(), "ok", seconds: 60);
        Assert.That(flowing.GetProperty("held").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(TestEnvironment.Mx1.For(other), Has.Exactly(1).Items);
        var goodView = await AdminTenantAsync(good.Id);
        Assert.That((goodView.GetProperty("paused").GetBoolean(), goodView.GetProperty("reputation_warning").ValueKind), Is.EqualTo((false, JsonValueKind.Null)));
        Assert.That(await HeldAsync(good, "mx-ok.test", "tenant_paused"), Is.Zero);

        // The alert: a tenant.paused event (once), a log line, the metric.
        var events = await Polling.UntilAsync(() => EventsAsync(bad.Id, "tenant.paused"), e => e.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That((events[0].GetProperty("by").GetString(), events[0].GetProperty("rates").GetProperty("complaints").GetInt64()), Is.EqualTo(("reputation_guard", 1L)));
        Assert.That(await EventsAsync(good.Id, "tenant.paused"), Is.Empty, "the other tenant got no event");
        Assert.That(_logs.Lines, Has.Some.Contains($"Tenant {bad.Id} paused by the reputation guard"));
        using (var metrics = _factory.CreateAdminClient())
        {
            Assert.That(await metrics.GetStringAsync("/metrics"), Does.Contain("sendgateway_tenants_paused"));
        }

        // Resume (audited): the held mail goes out at once (the recheck is 5 minutes), and the same window does not pause it again.
        using var resume = await _admin.PostAsync($"/v1/admin/tenants/{bad.Id}/resume", null);
        Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.OK), await resume.Content.ReadAsStringAsync());
        await bad.WaitForStatusAsync(held, "ok", seconds: 60);
        Assert.That(await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(heldSmtp).Count()), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1));
        var after = await SendAsync(bad, badDomain, Simulated(2));
        await bad.WaitForStatusAsync(after[^1], "ok", seconds: 60);
        await WaitForCountsAsync(bad.Id, 2, 2);
        var counts = (await ReputationAsync(bad.Id)).GetProperty("rates");
        Assert.That(counts.GetProperty("complaints").GetInt64(), Is.Zero, "the rates count from the resume");
        Assert.That((await AdminTenantAsync(bad.Id)).GetProperty("paused").GetBoolean(), Is.False, "not paused again by the window that paused it");
        var audit = (await bad.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.That(audit, Does.Contain("POST /v1/admin/tenants/{id}/resume"));
    }

    [Test]
    public async Task AComplaintRateOverTheWarnLineSendsOneWarningPerCrossingWithoutPausing()
    {
        var (tenant, domain) = await TenantAsync();
        var complained = $"dora-{Guid.NewGuid():N}@mx-ok.test";
        var ids = await SendAsync(tenant, domain, Simulated(700).Append(complained));
        await tenant.WaitForStatusAsync(ids[^1], "ok", seconds: 60);
        await WaitForCountsAsync(tenant.Id, 701, 701);

        await ComplainAsync(complained); // 1 of 701 delivered: 0.143 %, over the 0.1 % warn line, under the 0.3 % pause line
        var warnings = await Polling.UntilAsync(() => EventsAsync(tenant.Id, "tenant.reputation_warning"), e => e.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(warnings.Single().GetProperty("reason").GetString(), Does.StartWith("complaint rate 0.143 % reached the warn line 0.1 %"));
        var view = await AdminTenantAsync(tenant.Id);
        Assert.That((view.GetProperty("paused").GetBoolean(), view.GetProperty("reputation_warning").GetString()), Is.EqualTo((false, warnings[0].GetProperty("reason").GetString())));

        // Once per crossing, not per round or batch: more deliveries (still over the line) add no second event.
        var more = await SendAsync(tenant, domain, Simulated(5));
        await tenant.WaitForStatusAsync(more[^1], "ok", seconds: 60);
        await WaitForCountsAsync(tenant.Id, 706, 706);
        Assert.That(await EventsAsync(tenant.Id, "tenant.paused"), Is.Empty, "warned, not paused");
        await RoundAfterAsync(DateTimeOffset.UtcNow); // a whole round after the warning, with the rate still over the line
        // A positive signal that the rounds since the warning have been delivered: an operator's pause, whose event is
        // written after any second warning a later round would have written.
        using var pause = await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/pause", null);
        Assert.That(pause.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Polling.UntilAsync(() => EventsAsync(tenant.Id, "tenant.paused"), e => e.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(await EventsAsync(tenant.Id, "tenant.reputation_warning"), Has.Count.EqualTo(1), "one warning for the crossing");
        using var resume = await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/resume", null);
        Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task HardBouncesPauseAtTheTenantsOwnLineNotTheServicesAndOtherTenantsKeepTheirs()
    {
        var (tenant, domain) = await TenantAsync();
        var (other, otherDomain) = await TenantAsync();
        using var refused = await _admin.PutAsJsonAsync($"/v1/admin/tenants/{tenant.Id}/reputation", new { warn_hard_bounce_rate = 0.5, pause_hard_bounce_rate = 0.2 });
        Assert.That((int)refused.StatusCode, Is.EqualTo(422), "a warn line at or over the pause line is refused");
        using var set = await _admin.PutAsJsonAsync($"/v1/admin/tenants/{tenant.Id}/reputation", new { warn_hard_bounce_rate = 0.1, pause_hard_bounce_rate = 0.5 });
        Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
        Assert.That((await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines").GetProperty("pause_hard_bounce_rate").GetDouble(), Is.EqualTo(0.5));

        // 4 real 550s of 24 attempts: 16.7 %, over the service's 5 % pause line but under the tenant's own 50 %: warned only.
        var bounced = Enumerable.Range(0, 4).Select(_ => $"nouser-{Guid.NewGuid():N}@mx-ok.test").ToList();
        var ids = await SendAsync(tenant, domain, Simulated(20).Concat(bounced));
        await tenant.WaitForStatusAsync(ids[^1], "hardbounce", seconds: 60);
        await WaitForCountsAsync(tenant.Id, 20, 24);
        var warning = await Polling.UntilAsync(() => EventsAsync(tenant.Id, "tenant.reputation_warning"), e => e.Count > 0, TimeSpan.FromSeconds(60));
        // The rate when the round saw it (the events arrive in any order): over the tenant's warn line.
        Assert.That(warning.Single().GetProperty("reason").GetString(), Does.StartWith("hard-bounce rate ").And.Contain("reached the warn line 10 %"));
        Assert.That((await AdminTenantAsync(tenant.Id)).GetProperty("paused").GetBoolean(), Is.False, "the tenant's own pause line applies");

        // The other tenant, same volume and bounces, keeps the service's lines: paused at 5 %.
        var otherIds = await SendAsync(other, otherDomain, Simulated(20).Concat(Enumerable.Range(0, 4).Select(_ => $"nouser-{Guid.NewGuid():N}@mx-ok.test")));
        await other.WaitForStatusAsync(otherIds[^1], "hardbounce", seconds: 60);
        var otherPaused = await Polling.UntilAsync(() => AdminTenantAsync(other.Id), t => t.GetProperty("paused").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(otherPaused.GetProperty("paused_reason").GetString(), Does.StartWith("hard-bounce rate ").And.Contain("reached the pause line 5 %"));

        // 20 more real 550s: 24 of 44 attempts, 54.5 %, over the tenant's own pause line.
        var more = await SendAsync(tenant, domain, Enumerable.Range(0, 20).Select(_ => $"nouser-{Guid.NewGuid():N}@mx-ok.test"));
        await tenant.WaitForStatusAsync(more[^1], "hardbounce", seconds: 60);
        var paused = await Polling.UntilAsync(() => AdminTenantAsync(tenant.Id), t => t.GetProperty("paused").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(paused.GetProperty("paused_reason").GetString(), Does.StartWith("hard-bounce rate").And.Contain("reached the pause line 50 %"));
        Assert.That((await _admin.PostAsync($"/v1/admin/tenants/{other.Id}/resume", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/resume", null)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AnOperatorPausesATenantItsMailIsHeldAndResumingSendsIt()
    {
        var (tenant, domain) = await TenantAsync();
        using var pause = await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/pause", null);
        var paused = await pause.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((paused.GetProperty("paused").GetBoolean(), paused.GetProperty("paused_reason").GetString()), Is.EqualTo((true, "operator")));
        var events = await Polling.UntilAsync(() => EventsAsync(tenant.Id, "tenant.paused"), e => e.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(events.Single().GetProperty("by").GetString(), Is.EqualTo("operator"));

        await HoldingAsync(tenant.Id);
        var rcpt = $"op-{Guid.NewGuid():N}@mx-ok.test";
        var id = (await SendAsync(tenant, domain, [rcpt])).Single();
        Assert.That(await Polling.UntilAsync(() => HeldAsync(tenant, "mx-ok.test", "tenant_paused"), n => n >= 1, TimeSpan.FromSeconds(60)), Is.EqualTo(1));
        Assert.That(TestEnvironment.Mx1.For(rcpt), Is.Empty);

        using var resume = await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/resume", null);
        Assert.That(resume.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
        using var again = await _admin.PostAsync($"/v1/admin/tenants/{tenant.Id}/resume", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "a tenant not paused cannot be resumed");
    }
}
