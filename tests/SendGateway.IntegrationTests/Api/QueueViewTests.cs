using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary><c>GET /v1/queues</c> and <c>GET /v1/admin/queues</c> over a queue no worker drains (api role only).</summary>
[TestFixture]
public sealed class QueueViewTests() : TenantFixture("api", "queue-view-a.test")
{
    [Test]
    public async Task ATenantSeesOnlyItsQueuedMailPerDomainAndTheOperatorSeesShards()
    {
        var to = Enumerable.Range(0, 3).Select(_ => new { email = $"q-{Guid.NewGuid():N}@mx-ok.test" }).ToArray();
        (await Tenant.SendAsync(new { from = new { email = "a@queue-view-a.test" }, to, subject = "s", text = "t" })).EnsureSuccessStatusCode();
        (await Tenant.SendAsync(new { from = new { email = "a@queue-view-a.test" }, to = new[] { new { email = "later@backup.test" } }, subject = "s", text = "t", send_at = DateTimeOffset.UtcNow.AddHours(1) })).EnsureSuccessStatusCode();
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "queue-view-b.test");
        (await other.SendAsync(new { from = new { email = "b@queue-view-b.test" }, to = new[] { new { email = "x@a-only.test" } }, subject = "s", text = "t" })).EnsureSuccessStatusCode();

        var mine = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/queues");
        var domains = mine.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("domain").GetString()!, d => d);
        Assert.That(domains.Keys, Is.EquivalentTo(new[] { "mx-ok.test", "backup.test" }), "never another tenant's destinations");
        Assert.That(domains["mx-ok.test"].GetProperty("queued").GetInt64(), Is.EqualTo(3));
        Assert.That(domains["backup.test"].GetProperty("scheduled").GetInt64(), Is.EqualTo(1));
        Assert.That(domains["mx-ok.test"].GetProperty("oldest_age_seconds").GetDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(mine.GetProperty("shards").ValueKind, Is.EqualTo(JsonValueKind.Null), "shard totals would show other tenants' volume");
        Assert.That(mine.GetProperty("complete").GetBoolean(), Is.True);

        using var admin = Factory.CreateAdminClient();
        var all = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues");
        Assert.That(all.GetProperty("shards").GetArrayLength(), Is.EqualTo(4));
        Assert.That(all.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("queued").GetInt64()), Is.EqualTo(4));
        Assert.That(all.GetProperty("shards").EnumerateArray().Sum(s => s.GetProperty("scheduled").GetInt64()), Is.EqualTo(1));
        Assert.That(all.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("domain").GetString()), Does.Contain("a-only.test"));
    }
}
