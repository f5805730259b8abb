using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T57: tenant A has ten endpoints that accept the connection and never answer (a 60 s request timeout
/// holds each attempt open); tenant B's event reaches its endpoint while all ten are still held.
/// </summary>
[TestFixture]
public sealed class WebhookFanOutTests() : WebhookFaultFixture(
    new Dictionary<string, string?> { ["SendGateway:Webhooks:Timeout"] = "00:01:00" }, "hook-fanout-b.test")
{
    [Test]
    public async Task TenHangingEndpointsOfOneTenantDoNotHoldUpAnotherTenantsWebhook()
    {
        // Ten receivers: endpoints on one host and port share the dispatcher's few connections to it (MaxConnectionsPerServer).
        var tarpits = Enumerable.Range(0, 10).Select(_ => new ScriptedWebhookServer(_ => HookAnswer.Hang)).ToList();
        try
        {
            await AssertIsolatedAsync(tarpits);
        }
        finally
        {
            foreach (var tarpit in tarpits)
            {
                await tarpit.DisposeAsync();
            }
        }
    }

    private async Task AssertIsolatedAsync(List<ScriptedWebhookServer> tarpits)
    {
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hook-fanout-a.test");
        var hanging = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = await other.Client.PostAsJsonAsync("/v1/webhooks", new { url = tarpits[i].Url, events = new[] { "injected" } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            hanging.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        using (var sent = await other.SendAsync(new { from = new { email = "a@hook-fanout-a.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "x", text = "x" }))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var held = await Polling.UntilAsync(() => Task.FromResult(tarpits.Sum(t => t.Requests.Count)), n => n == 10, TimeSpan.FromSeconds(30));
        Assert.That(held, Is.EqualTo(10), "all ten endpoints' attempts are open on the tarpit");

        await using var fast = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        var (hook, _) = await CreateHookAsync(fast.Url);
        await SendOkAsync();
        var log = await WaitForDeliveredAsync(hook, seconds: 30);
        Assert.That(log, Has.Count.EqualTo(1));
        foreach (var id in hanging)
        {
            var attempts = await other.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}/deliveries");
            Assert.That(attempts.GetProperty("data").GetArrayLength(), Is.Zero, "tenant B's batch went out while every tarpit attempt was still open");
        }
    }
}
