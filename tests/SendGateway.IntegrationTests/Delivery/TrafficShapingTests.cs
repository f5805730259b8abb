using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// Traffic shaping (issue 4, item 3): a destination's per-minute budget and its back-off after a run of temporary
/// failures hold mail back without attempts or events, and the operator's queue view says why.
/// </summary>
[TestFixture]
public sealed class TrafficShapingTests
{
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private SmtpServer _slowMx = null!;
    private readonly SlowMx _slow = new();
    private readonly AdjustableTimeProvider _clock = new();

    /// <summary>An MX that takes 200 ms per message and counts the sessions it served.</summary>
    private sealed class SlowMx : ISmtpSessionHandler
    {
        private readonly ConcurrentDictionary<SmtpSessionContext, bool> _sessions = new();

        public int Sessions => _sessions.Count;

        public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            _sessions[session] = true;
            await Task.Delay(200, cancellationToken);
            return new SmtpReply(250, "2.0.0", "Ok: queued");
        }
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var mx = $"127.0.0.2:{TestEnvironment.MxPort}";
        _slowMx = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0), () => _slow, new SmtpSessionOptions { HostName = "slow.test" });
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:Routes:throttle.test"] = mx,
            ["SendGateway:Delivery:Routes:backoff.test"] = mx,
            ["SendGateway:Delivery:Routes:reset.test"] = mx,
            ["SendGateway:Delivery:Shaping:Overrides:throttle.test:MessagesPerMinute"] = "2",
            ["SendGateway:Delivery:Shaping:TemporaryFailuresBeforeBackoff"] = "2",
            ["SendGateway:Delivery:Shaping:BackoffAfterTemporaryFailures"] = "01:00:00",
            ["SendGateway:Delivery:Routes:conn.test"] = $"127.0.0.8:{_slowMx.EndPoint.Port}",
            ["SendGateway:Delivery:Shaping:Overrides:conn.test:MaxConnections"] = "1",
            ["SendGateway:Delivery:Shaping:Overrides:conn.test:MessagesPerConnection"] = "2",
            ["SendGateway:Delivery:Routes:source.test"] = mx,
            ["SendGateway:Delivery:Shaping:Sources:127.0.0.3:MessagesPerMinute"] = "1",
        }, clock: _clock);
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "shaping-acme.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _slowMx.DisposeAsync();
    }

    [Test]
    public async Task ADestinationsConnectionCapAndMessagesPerConnectionOverridesHold()
    {
        var maxOpen = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxOpen = Math.Max(maxOpen, _slowMx.ActiveSessions);
                await Task.Delay(10);
            }
        });
        var ids = await SendAsync(Enumerable.Range(0, 5).Select(i => $"c{i}-{Guid.NewGuid():N}@conn.test"));
        foreach (var id in ids)
        {
            await _tenant.WaitForStatusAsync(id, "ok");
        }

        await sampling.CancelAsync();
        await sampler;
        Assert.That(maxOpen, Is.EqualTo(1), "MaxConnections 1 for conn.test (the default is 10)");
        Assert.That(_slow.Sessions, Is.GreaterThanOrEqualTo(3), "2 messages per connection: 5 messages need at least 3 connections");
    }

    [Test]
    public async Task ASourcesPerMinuteBudgetHoldsItsMailBack()
    {
        _clock.SkipToNextMinute(); // a fresh minute: the test must not straddle a minute boundary

        using var admin = _factory.CreateAdminClient();
        (await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name = "limited", sources = new[] { new { address = "127.0.0.3", ehlo_name = "limited.mta.test", weight = 1 } } })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{_tenant.Id}", new { allowed_ip_pools = new[] { "limited" } })).EnsureSuccessStatusCode();
        var response = await _tenant.SendAsync(new
        {
            from = new { email = "a@shaping-acme.test" }, subject = "s", text = "t", ip_pool = "limited",
            to = Enumerable.Range(0, 2).Select(i => new { email = $"s{i}-{Guid.NewGuid():N}@source.test" }),
        });
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var statuses = await Polling.UntilAsync(() => StatusesAsync(ids), s => s.Contains("ok"), TimeSpan.FromSeconds(30));
        Assert.That(statuses, Does.Contain("ok"), "the budget's one message went out");

        // Positive signal: the worker has taken up the other one and put it back on the schedule.
        var scheduled = await Polling.UntilAsync(async () => (await DomainViewAsync("source.test")).GetProperty("scheduled").GetInt64(), n => n >= 1, TimeSpan.FromSeconds(30));
        Assert.That(scheduled, Is.EqualTo(1), "held back on the schedule");
        statuses = await StatusesAsync(ids);
        Assert.That(statuses.Count(s => s == "ok"), Is.EqualTo(1), string.Join(",", statuses));
        Assert.That(statuses.Count(s => s == "injected"), Is.EqualTo(1), "the source's budget of 1 per minute is spent");
    }

    private async Task<List<string>> SendAsync(IEnumerable<string> recipients)
    {
        var response = await _tenant.SendAsync(new { from = new { email = "a@shaping-acme.test" }, to = recipients.Select(e => new { email = e }), subject = "s", text = "t" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>Each message's status; "(not found yet)" for one not yet recorded (the status is written by the ingester).</summary>
    private async Task<List<string>> StatusesAsync(IEnumerable<string> ids) =>
        (await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await _tenant.Client.GetAsync($"/v1/messages/{id}");
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()! : "(not found yet)";
        }))).ToList();

    private async Task<JsonElement> DomainViewAsync(string domain)
    {
        using var admin = _factory.CreateAdminClient();
        var view = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues");
        return view.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domain").GetString() == domain);
    }

    [Test]
    public async Task ADestinationsPerMinuteBudgetHoldsTheRestBackWithoutAttempts()
    {
        _clock.SkipToNextMinute(); // a fresh minute: the test must not straddle a minute boundary

        var ids = await SendAsync(Enumerable.Range(0, 5).Select(i => $"r{i}-{Guid.NewGuid():N}@throttle.test"));
        var statuses = await Polling.UntilAsync(() => StatusesAsync(ids), s => s.Count(x => x == "ok") >= 2, TimeSpan.FromSeconds(30));
        Assert.That(statuses.Count(s => s == "ok"), Is.EqualTo(2), "the budget's two messages went out: " + string.Join(",", statuses));

        // Positive signal: the worker has taken up the other three and put them back on the schedule.
        var scheduled = await Polling.UntilAsync(async () => (await DomainViewAsync("throttle.test")).GetProperty("scheduled").GetInt64(), n => n >= 3, TimeSpan.FromSeconds(30));
        Assert.That(scheduled, Is.EqualTo(3), "held back on the schedule");
        statuses = await StatusesAsync(ids);
        Assert.That(statuses.Count(s => s == "ok"), Is.EqualTo(2), string.Join(",", statuses));
        Assert.That(statuses.Count(s => s == "injected"), Is.EqualTo(3), "held back: no attempt, no softbounce");
        Assert.That((await DomainViewAsync("throttle.test")).GetProperty("scheduled").GetInt64(), Is.EqualTo(3));
    }

    [Test]
    public async Task ARunOfTemporaryFailuresRestsTheDestinationAndTheQueueViewSaysWhy()
    {
        var failing = (await SendAsync([$"tempfail-always-{Guid.NewGuid():N}@backoff.test"]))[0];
        var softbounces = await Polling.UntilAsync(
            async () =>
            {
                using var response = await _tenant.Client.GetAsync($"/v1/messages/{failing}");
                return response.IsSuccessStatusCode
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "softbounce")
                    : 0;
            },
            n => n >= 2, TimeSpan.FromSeconds(30));
        Assert.That(softbounces, Is.EqualTo(2), "the failing message was attempted twice, then the destination rested");

        var healthy = (await SendAsync([$"fine-{Guid.NewGuid():N}@backoff.test"]))[0];
        // Positive signal: the worker has taken up the healthy one and put it back on the schedule beside the failing one.
        var scheduled = await Polling.UntilAsync(async () => (await DomainViewAsync("backoff.test")).GetProperty("scheduled").GetInt64(), n => n >= 2, TimeSpan.FromSeconds(30));
        Assert.That(scheduled, Is.EqualTo(2), "both held back on the schedule");
        var held = await _tenant.WaitForIngestedStatusAsync(healthy, "injected"); // recorded by the ingester (its only event)
        Assert.That(held.GetProperty("status").GetString(), Is.EqualTo("injected"), "the resting destination gets no attempt");
        Assert.That(held.GetProperty("events").GetArrayLength(), Is.EqualTo(1), "and the held message no softbounce");
        var view = await DomainViewAsync("backoff.test");
        Assert.That(view.GetProperty("throttle_reason").GetString(), Is.EqualTo("2 temporary failures in a row"));
        Assert.That(view.GetProperty("throttled_for_seconds").GetDouble(), Is.GreaterThan(3000));
    }

    [Test]
    public async Task ADeliveryEndsARunOfTemporaryFailures()
    {
        // Two failures in a row rest the destination for an hour; a failure, a delivery, then a failure must not.
        var first = (await SendAsync([$"tempfail-once-{Guid.NewGuid():N}@reset.test"]))[0];
        var delivered = await _tenant.WaitForStatusAsync(first, "ok");
        Assert.That(delivered.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "softbounce"), Is.EqualTo(1));

        var second = (await SendAsync([$"tempfail-once-{Guid.NewGuid():N}@reset.test"]))[0];
        var after = await _tenant.WaitForStatusAsync(second, "ok");
        Assert.That(after.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "softbounce"), Is.EqualTo(1),
            "its one failure started a new run instead of ending a run of two");
    }
}
