using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// reliability.md T43, the concurrent form: the same Idempotency-Key sent twice at once. Redis answers through a
/// <see cref="FaultProxy"/> that delays every reply, so the request that wins the claim still holds it (its queue write
/// is under way) when the other's claim is answered: one 202, one 409, then the 202 replayed and one message queued.
/// </summary>
[TestFixture]
public sealed class IdempotencyRaceTests
{
    [Test]
    public async Task TheSameKeySentConcurrentlyIs409ForTheOneThatFindsTheClaimHeld()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        await using var proxy = new FaultProxy(redis.Port);
        await using var factory = new SendGatewayFactory("api", new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},syncTimeout=10000,asyncTimeout=10000",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "idem-race.test");
        var direct = $"127.0.0.1:{redis.Port}";
        var before = await QueuedEntries.CountAsync(direct, 0, QueuedEntries.Shards);

        var key = Guid.NewGuid().ToString("N");
        var body = new { from = new { email = "a@idem-race.test" }, to = new[] { new { email = $"race-{key}@example.test" } }, subject = "s", text = "t" };
        HttpRequestMessage Post() => new(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };
        proxy.Delay(TimeSpan.FromMilliseconds(700));
        var both = await Task.WhenAll(tenant.Client.SendAsync(Post()), tenant.Client.SendAsync(Post()));
        proxy.Pass();

        var statuses = both.Select(r => (int)r.StatusCode).Order().ToList();
        Assert.That(statuses, Is.EqualTo(new[] { 202, 409 }), "one request runs, the other finds its claim held");
        var conflict = both.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.That(conflict.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await conflict.Content.ReadAsStringAsync(), Does.Contain("idempotency_in_progress"));
        var first = await both.Single(r => r.StatusCode == HttpStatusCode.Accepted).Content.ReadFromJsonAsync<JsonElement>();

        var again = await tenant.Client.SendAsync(Post());
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the refused one retried once the first is done");
        Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.True);
        Assert.That((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString(), Is.EqualTo(first.GetProperty("batch_id").GetString()));
        Assert.That(await QueuedEntries.CountAsync(direct, 0, QueuedEntries.Shards) - before, Is.EqualTo(1), "one message queued for the three requests");
    }
}
