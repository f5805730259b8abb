using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T53 on one host and port: ten endpoints of tenant A (ten paths of one receiver) accept the request and
/// never answer (a 60 s request timeout holds each attempt open); tenant B's endpoint on the same host and port still
/// gets its batch at once. Each endpoint's request has a connection of its own, none waits behind the hanging ones.
/// </summary>
[TestFixture]
public sealed class WebhookSharedHostTests() : WebhookFaultFixture(
    new Dictionary<string, string?> { ["SendGateway:Webhooks:Timeout"] = "00:01:00" }, "hook-shared-b.test")
{
    [Test]
    public async Task TenHangingEndpointsOnOneHostAndPortDoNotHoldUpAnotherTenantsEndpointThere()
    {
        // The first ten requests are the hanging endpoints' (awaited below before tenant B's exists); the rest are answered.
        await using var receiver = new ScriptedWebhookServer(n => n < 10 ? HookAnswer.Hang : HookAnswer.Status(204));
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "hook-shared-a.test");
        var hanging = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            using var created = await other.Client.PostAsJsonAsync("/v1/webhooks", new { url = $"{receiver.Url}/a{i}", events = new[] { "injected" } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            hanging.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        using (var sent = await other.SendAsync(new { from = new { email = "a@hook-shared-a.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "x", text = "x" }))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var held = await Polling.UntilAsync(() => Task.FromResult(receiver.Requests.Count), n => n == 10, TimeSpan.FromSeconds(30));
        Assert.That(held, Is.EqualTo(10), "each hanging endpoint's request reached the shared host and port on a connection of its own");

        var (hook, _) = await CreateHookAsync($"{receiver.Url}/b");
        await SendOkAsync();
        var log = await WaitForDeliveredAsync(hook, seconds: 30);
        Assert.That(log, Has.Count.EqualTo(1), "delivered at the first attempt");
        Assert.That(receiver.Requests[^1].Path, Is.EqualTo("/hook/b"));
        Assert.That(receiver.Connections, Is.EqualTo(11));
        foreach (var id in hanging)
        {
            var attempts = await other.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{id}/deliveries");
            Assert.That(attempts.GetProperty("data").GetArrayLength(), Is.Zero, "tenant B's batch went out while every hanging attempt was still open");
        }
    }
}
