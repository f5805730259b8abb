using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T53, the circuit breaker: an endpoint that accepts the connection and never answers times out three
/// times in a row (1 s request timeout, 50 ms retry delays, <c>Webhooks:BreakerFailures</c> 3) and its circuit opens for
/// 10 minutes of the service's clock. While it is open the batch is due but no connection reaches the tarpit, and another
/// tenant's endpoint gets two batches in a row; once the clock has passed the open time, one probe goes, the endpoint
/// has recovered and the events arrive, and the closed circuit lets the next batch through at once.
/// </summary>
[TestFixture]
public sealed class WebhookCircuitBreakerTests() : WebhookFaultFixture(
    new Dictionary<string, string?>
    {
        ["SendGateway:Webhooks:Timeout"] = "00:00:01",
        ["SendGateway:Webhooks:FirstRetryDelay"] = "00:00:00.050",
        ["SendGateway:Webhooks:MaxRetryDelay"] = "00:00:00.050",
        ["SendGateway:Webhooks:Jitter"] = "0",
        ["SendGateway:Webhooks:BreakerFailures"] = "3",
        ["SendGateway:Webhooks:BreakerOpenTime"] = "00:10:00",
    },
    "hook-breaker.test",
    Clock)
{
    private static readonly AdjustableTimeProvider Clock = new();

    [Test]
    public async Task AnEndpointThatTimesOutThreeTimesInARowGetsNoConnectionUntilTheOpenTimeHasPassedThenOneProbe()
    {
        var up = 0;
        await using var tarpit = new ScriptedWebhookServer(_ => Volatile.Read(ref up) == 1 ? HookAnswer.Status(204) : HookAnswer.Hang);
        var (hook, _) = await CreateHookAsync(tarpit.Url);
        await SendOkAsync();

        var failed = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count >= 3, TimeSpan.FromSeconds(60));
        Assert.That(failed.Select(a => a.GetProperty("error").GetString()), Is.EqualTo(new[] { "timeout", "timeout", "timeout" }), string.Join(", ", failed));
        Assert.That(failed[0].GetProperty("batch_state").GetString(), Is.EqualTo("pending"), "the batch waits, kept");

        // The batch is due again 50 ms after its third timeout; two other batches delivered one after the other prove the
        // dispatcher has claimed in several rounds since, and that other endpoints are served while this circuit is open.
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hook-breaker-b.test");
        await using var healthy = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        using var created = await other.Client.PostAsJsonAsync("/v1/webhooks", new { url = healthy.Url, events = new[] { "ok" } });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var healthyHook = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        for (var round = 1; round <= 2; round++)
        {
            await SendOkAsync(other, "hook-breaker-b.test");
            var delivered = await Polling.UntilAsync(() => DeliveredCountAsync(other, healthyHook), n => n == round, TimeSpan.FromSeconds(30));
            Assert.That(delivered, Is.EqualTo(round), "another endpoint's batch is delivered while the circuit is open");
        }

        Assert.That(tarpit.Connections, Is.EqualTo(3), "no connection reaches an endpoint whose circuit is open");
        Assert.That(await DeliveriesAsync(hook), Has.Count.EqualTo(3), "no attempt while open, and none is counted against the batch");

        Volatile.Write(ref up, 1);
        Clock.Advance(TimeSpan.FromMinutes(11));
        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.EqualTo(new[] { "timeout", "timeout", "timeout", null }), "one probe after the open time");
        Assert.That(log.Select(a => a.GetProperty("batch_id").GetString()).Distinct().Count(), Is.EqualTo(1), "the same batch, same webhook-id");
        Assert.That(tarpit.Requests, Has.Count.EqualTo(4));

        await SendOkAsync();
        var closed = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count == 5 && Succeeded(d[0]), TimeSpan.FromSeconds(30));
        Assert.That(closed, Has.Count.EqualTo(5), "the closed circuit lets the next batch through without moving the clock");
        Assert.That(Succeeded(closed[0]), Is.True);
    }

    private static async Task SendOkAsync(TestTenant tenant, string domain)
    {
        using var response = await tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "Hi", text = "Hello" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");
    }

    private static async Task<int> DeliveredCountAsync(TestTenant tenant, string hook) =>
        (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}/deliveries")).GetProperty("data").EnumerateArray()
            .Count(a => a.GetProperty("batch_state").GetString() == "delivered");
}
