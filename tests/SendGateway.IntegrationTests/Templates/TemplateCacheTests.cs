using System.Net;
using System.Net.Http.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Templates;

/// <summary>
/// Sends resolve a stored template from each node's cache, yet a new version, an activation or a deletion is used at
/// once on the node that made it and within a second on another node that had the old version cached.
/// </summary>
[TestFixture]
public sealed class TemplateCacheTests() : TenantFixture("api", "templates-cache.test")
{
    private SendGatewayFactory _nodeB = null!;
    private HttpClient _onB = null!;

    [OneTimeSetUp]
    public void StartSecondNode()
    {
        _nodeB = new SendGatewayFactory("api", redisDatabase: Factory.RedisDatabase, postgresDatabase: Factory.PostgresDatabase);
        _onB = _nodeB.Authorized(Tenant.ApiKey);
    }

    [OneTimeTearDown]
    public async Task StopSecondNodeAsync()
    {
        _onB.Dispose();
        await _nodeB.DisposeAsync();
    }

    // The template's version shows in what a send refuses: each version needs a different variable.
    private object Send(string id) => new
    {
        from = new { email = $"news@{SenderDomain}" }, to = new[] { new { email = "cache@mx-ok.test", vars = new { first = "Ann" } } }, template_id = id,
    };

    private static async Task<string> OutcomeAsync(HttpResponseMessage response) =>
        (int)response.StatusCode == 202 ? "accepted" : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";

    private async Task<string> EventuallyOnBAsync(string id, Func<string, bool> expected) =>
        await Polling.UntilAsync(async () => await OutcomeAsync(await _onB.PostAsJsonAsync("/v1/messages", Send(id))), expected, TimeSpan.FromSeconds(1));

    [Test]
    public async Task ANewVersionAnActivationAndADeletionReachANodeThatCachedTheOldOne()
    {
        var id = $"cached-{Guid.NewGuid():N}"[..20];
        var created = await Tenant.Client.PostAsJsonAsync("/v1/templates", new { id, name = "Cached", subject = "Hi {{ first }}", text = "v1" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        Assert.That(await OutcomeAsync(await _onB.PostAsJsonAsync("/v1/messages", Send(id))), Is.EqualTo("accepted"), "node B now caches version 1");
        Assert.That(await OutcomeAsync(await Tenant.SendAsync(Send(id))), Is.EqualTo("accepted"), "and so does node A");

        var put = await Tenant.Client.PutAsJsonAsync($"/v1/templates/{id}", new { subject = "Hi {{ second }}", text = "v2" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        Assert.That(await OutcomeAsync(await Tenant.SendAsync(Send(id))), Does.StartWith("422").And.Contain("'second'"), "at once on the node that changed it");
        Assert.That(await EventuallyOnBAsync(id, o => o.Contains("'second'")), Does.StartWith("422").And.Contain("'second'"), "within a second on the other node");

        var rolledBack = await Tenant.Client.PostAsync($"/v1/templates/{id}/versions/1/activate", null);
        Assert.That(rolledBack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EventuallyOnBAsync(id, o => o == "accepted"), Is.EqualTo("accepted"), "version 1 active again");

        Assert.That((await Tenant.Client.DeleteAsync($"/v1/templates/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await OutcomeAsync(await Tenant.SendAsync(Send(id))), Does.StartWith("422").And.Contain("template_id"));
        Assert.That(await EventuallyOnBAsync(id, o => o != "accepted"), Does.StartWith("422").And.Contain("template_id"), "deleted on every node");
    }
}
