using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// <c>GET /v1/queues</c> is bounded per tenant (issue 32 §7): another tenant's backlog neither shows nor counts against
/// the bound, and past <c>Queue:TenantInspectLimit</c> of its own entries the answer is "at least these" (complete: false).
/// Over a queue no worker drains (api role only).
/// </summary>
[TestFixture]
public sealed class TenantQueueBoundTests
{
    private SendGatewayFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new SendGatewayFactory("api", new Dictionary<string, string?> { ["SendGateway:Queue:TenantInspectLimit"] = "5" });

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    [Test]
    public async Task ATenantsCallReadsOnlyItsOwnEntriesUpToItsBound()
    {
        using var busy = await TenantWithQueueAsync("bound-busy.test", "backlog.test", 30);
        using var small = await TenantWithQueueAsync("bound-small.test", "small.test", 2);
        using var over = await TenantWithQueueAsync("bound-over.test", "over.test", 7);

        var smallView = await small.Client.GetFromJsonAsync<JsonElement>("/v1/queues");
        Assert.That(Queued(smallView), Is.EqualTo(new Dictionary<string, long> { ["small.test"] = 2 }), "its own two, none of the 30 of the busy tenant");
        Assert.That(smallView.GetProperty("complete").GetBoolean(), Is.True, "another tenant's backlog does not count against this tenant's bound");

        var overView = await over.Client.GetFromJsonAsync<JsonElement>("/v1/queues");
        Assert.That(Queued(overView), Is.EqualTo(new Dictionary<string, long> { ["over.test"] = 5 }), "seven queued, five decoded: the bound");
        Assert.That(overView.GetProperty("complete").GetBoolean(), Is.False, "at least five");

        using var admin = _factory.CreateAdminClient();
        var all = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues");
        Assert.That(all.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("queued").GetInt64()), Is.EqualTo(39), "the operator's view is not bounded per tenant");
        Assert.That(Queued(all)["backlog.test"], Is.EqualTo(30));
    }

    private async Task<TestTenant> TenantWithQueueAsync(string sender, string destination, int recipients)
    {
        var tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, sender);
        var to = Enumerable.Range(0, recipients).Select(_ => new { email = $"q-{Guid.NewGuid():N}@{destination}" }).ToArray();
        (await tenant.SendAsync(new { from = new { email = $"a@{sender}" }, to, subject = "s", text = "t" })).EnsureSuccessStatusCode();
        return tenant;
    }

    private static Dictionary<string, long> Queued(JsonElement view) =>
        view.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("domain").GetString()!, d => d.GetProperty("queued").GetInt64());
}
