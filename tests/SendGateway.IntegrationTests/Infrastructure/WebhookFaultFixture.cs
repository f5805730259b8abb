using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>
/// A SendGateway with the given webhook settings, one tenant with a sender domain, and what the endpoint-fault tests
/// do with them: register an endpoint for <c>ok</c> events only (one real message makes one batch), send a message the
/// simulator accepts, and read the endpoint's attempt log (newest first) and its state.
/// </summary>
public abstract class WebhookFaultFixture(IDictionary<string, string?> settings, string domain, TimeProvider? clock = null)
{
    protected SendGatewayFactory Factory { get; private set; } = null!;

    protected TestTenant Tenant { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Factory = await CreateFactoryAsync(settings, clock);
        Tenant = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(Tenant, domain);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        Tenant.Dispose();
        await Factory.DisposeAsync();
        await DisposeMoreAsync();
    }

    protected virtual Task<SendGatewayFactory> CreateFactoryAsync(IDictionary<string, string?> settings, TimeProvider? clock) =>
        Task.FromResult(new SendGatewayFactory("api,delivery,events", settings, clock: clock));

    protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;

    protected async Task<(string Id, string Secret)> CreateHookAsync(string url)
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "ok" }, batch_size = 10 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Sends one message to the simulator's <c>ok</c> address and waits until it is delivered; returns its id.</summary>
    protected async Task<string> SendOkAsync()
    {
        using var response = await Tenant.SendAsync(new { from = new { email = $"news@{domain}" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "Hi", text = "Hello" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(id, "ok");
        return id;
    }

    protected async Task<List<JsonElement>> DeliveriesAsync(string hook) =>
        [.. (await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}/deliveries")).GetProperty("data").EnumerateArray()];

    /// <summary>The attempt log, oldest first, once the newest attempt got a 2xx and its batch is delivered (or the time is up).</summary>
    protected async Task<List<JsonElement>> WaitForDeliveredAsync(string hook, int seconds = 60)
    {
        static bool Done(List<JsonElement> d) => d.Count > 0 && Succeeded(d[0]) && d[0].GetProperty("batch_state").GetString() == "delivered";
        var log = await Polling.UntilAsync(() => DeliveriesAsync(hook), Done, TimeSpan.FromSeconds(seconds));
        Assert.That(Done(log), Is.True, $"no batch delivered in {seconds} s: {string.Join(", ", log)}");
        log.Reverse();
        return log;
    }

    protected async Task<JsonElement> WebhookAsync(string hook) => await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}");

    protected static bool Succeeded(JsonElement attempt) => attempt.GetProperty("status_code") is { ValueKind: JsonValueKind.Number } s && s.GetInt32() / 100 == 2;
}
