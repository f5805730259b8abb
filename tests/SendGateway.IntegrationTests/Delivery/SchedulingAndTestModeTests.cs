using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>send_at, DELETE /v1/messages/{id} and the test-mode simulator domain (api.md §2).</summary>
[TestFixture]
public sealed class SchedulingAndTestModeTests() : TenantFixture("api,delivery,events", "sched.test")
{
    private async Task<string> SendAsync(string to, DateTimeOffset? sendAt = null)
    {
        var response = await Tenant.SendAsync(new { from = new { email = "a@sched.test" }, to = new[] { new { email = to } }, subject = "s", text = "t", send_at = sendAt });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    [TestCase("ok", "ok", new[] { "injected", "ok" })]
    [TestCase("hardbounce", "hardbounce", new[] { "injected", "hardbounce" })]
    [TestCase("spambounce", "spambounce", new[] { "injected", "spambounce" })]
    [TestCase("softbounce", "ok", new[] { "injected", "softbounce", "ok" })]
    [TestCase("open", "open", new[] { "injected", "ok", "open" })]
    [TestCase("click", "click", new[] { "injected", "ok", "click" })]
    [TestCase("feedback", "feedback", new[] { "injected", "ok", "feedback" })]
    [TestCase("unsubscribe", "unsubscribe", new[] { "injected", "ok", "unsubscribe" })]
    [TestCase("dropped", "dropped", new[] { "injected", "dropped" })]
    public async Task SimulatorRecipientsProduceTheirEventThroughThePipeline(string local, string status, string[] events)
    {
        var id = await SendAsync($"{local}+{Guid.NewGuid():N}@simulator.sendgateway.test");

        var message = await Tenant.WaitForStatusAsync(id, status);
        Assert.That(message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(events));
    }

    [Test]
    public async Task AScheduledMessageWaitsForItsSendAtThenIsDelivered()
    {
        var rcpt = $"later-{Guid.NewGuid():N}@mx-ok.test";
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(3);
        var id = await SendAsync(rcpt, sendAt);

        await Tenant.WaitForIngestedStatusAsync(id, "injected");
        Assert.That(TestEnvironment.Mx1.For(rcpt), Is.Empty, "nothing is sent before send_at");
        var delivered = await Tenant.WaitForStatusAsync(id, "ok");
        var okAt = delivered.GetProperty("events").EnumerateArray().Last().GetProperty("timestamp").GetDateTimeOffset();
        Assert.That(okAt, Is.GreaterThanOrEqualTo(sendAt));
    }

    [Test]
    public async Task AScheduledMessageCanBeCancelledOnce()
    {
        var rcpt = $"cancel-{Guid.NewGuid():N}@mx-ok.test";
        var id = await SendAsync(rcpt, DateTimeOffset.UtcNow.AddHours(1));
        await Tenant.WaitForIngestedStatusAsync(id, "injected");

        Assert.That((await Tenant.Client.DeleteAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var dropped = await Tenant.WaitForStatusAsync(id, "dropped");
        Assert.That(dropped.GetProperty("events").EnumerateArray().Last().GetProperty("reason").GetString(), Is.EqualTo("cancelled"));
        Assert.That((await Tenant.Client.DeleteAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task AMessageAlreadySentCannotBeCancelledAndAnotherTenantsIs404()
    {
        var id = await SendAsync($"sent-{Guid.NewGuid():N}@mx-ok.test");
        await Tenant.WaitForStatusAsync(id, "ok");
        Assert.That((await Tenant.Client.DeleteAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.Conflict));

        using var other = await Factory.CreateTenantAsync();
        Assert.That((await other.Client.DeleteAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
