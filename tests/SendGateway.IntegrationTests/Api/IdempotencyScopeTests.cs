using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// A stored Idempotency-Key answer belongs to the API key and the operation that made it: another key of the same tenant
/// never receives it (it may hold a new API key's secret), and the same key on another endpoint starts afresh.
/// </summary>
[TestFixture]
public sealed class IdempotencyScopeTests() : TenantFixture("api", "idem-scope.test")
{
    private static HttpRequestMessage Post(string path, string key, object body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

    [Test]
    public async Task AnotherKeyOfTheTenantNeverReceivesTheAnswerStoredForTheFirstKey()
    {
        var second = await (await Tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "second", scopes = new[] { "send", "read", "manage" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        using var secondClient = Factory.Authorized(second.GetProperty("key").GetString()!);
        var idempotencyKey = Guid.NewGuid().ToString();
        var body = new { name = "made once" };

        using var first = await Tenant.Client.SendAsync(Post("/v1/api-keys", idempotencyKey, body));
        using var other = await secondClient.SendAsync(Post("/v1/api-keys", idempotencyKey, body));
        using var replay = await Tenant.Client.SendAsync(Post("/v1/api-keys", idempotencyKey, body));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.Created), await other.Content.ReadAsStringAsync());
        Assert.That(other.Headers.Contains("Idempotent-Replayed"), Is.False, "another key's request runs on its own");
        var firstSecret = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        Assert.That((await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString(), Is.Not.EqualTo(firstSecret), "the first key's secret is not handed to another key");
        Assert.That(replay.Headers.Contains("Idempotent-Replayed"), Is.True, "the key that made it still gets its replay");
        Assert.That((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString(), Is.EqualTo(firstSecret));
    }

    [Test]
    public async Task TheSameIdempotencyKeyOnAnotherEndpointStartsAfresh()
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        using var domain = await Tenant.Client.SendAsync(Post("/v1/domains", idempotencyKey, new { name = $"scope-{Guid.NewGuid():N}"[..20] + ".test" }));
        using var message = await Tenant.Client.SendAsync(Post("/v1/messages", idempotencyKey,
            new { from = new { email = "a@idem-scope.test" }, to = new[] { new { email = "x@example.test" } }, subject = "s", text = "t" }));

        Assert.That(domain.StatusCode, Is.EqualTo(HttpStatusCode.Created), await domain.Content.ReadAsStringAsync());
        Assert.That(message.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "not 422: the key was used on another operation, not with another body of this one");
        Assert.That(message.Headers.Contains("Idempotent-Replayed"), Is.False);
    }
}
