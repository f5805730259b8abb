using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>reliability.md T42/T99: request rate limits per key and a tenant's sending quota answer 429 with Retry-After.</summary>
[TestFixture]
public sealed class RateLimitAndQuotaTests
{
    [Test]
    public async Task RequestsOverTheKeysRateGet429WithRetryAfterWhileAnotherKeyIsServed()
    {
        await using var factory = new SendGatewayFactory("api", new Dictionary<string, string?>
        {
            ["SendGateway:RateLimits:PerKeyPerSecond"] = "1", ["SendGateway:RateLimits:PerKeyBurst"] = "3",
        });
        using var tenant = await factory.CreateTenantAsync();
        var created = await (await tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "second" })).Content.ReadFromJsonAsync<JsonElement>();
        using var second = factory.Authorized(created.GetProperty("key").GetString()!);
        // The new key has not made a request yet: its bucket is full (the first key's creation request took a token of
        // the first key's bucket only). All at once, so the bucket cannot refill in between however slow the machine is.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => second.GetAsync("/v1/events")));
        var statuses = responses.Select(r => r.StatusCode).ToList();
        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.That(statuses.Count(x => x == HttpStatusCode.OK), Is.InRange(3, 5), "the burst (3, plus a refill or two on a slow machine) is served");
        Assert.That(limited, Is.Not.Null, string.Join(",", statuses));
        Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        Assert.That((await tenant.Client.GetAsync("/v1/events")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "another key of the tenant has its own bucket");
    }

    [Test]
    public async Task ASendingQuotaRefusesTheSendThatWouldCrossItWith429AndQueuesNothing()
    {
        await using var factory = new SendGatewayFactory("api");
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "quota-acme.test");
        using var admin = factory.CreateAdminClient();
        var patched = await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { hourly_quota = 3 });
        Assert.That(patched.StatusCode, Is.EqualTo(HttpStatusCode.OK), await patched.Content.ReadAsStringAsync());
        Assert.That((await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hourly_quota").GetInt32(), Is.EqualTo(3));

        object Send(int recipients) => new
        {
            from = new { email = "a@quota-acme.test" }, subject = "s", text = "t",
            to = Enumerable.Range(0, recipients).Select(_ => new { email = $"q-{Guid.NewGuid():N}@mx-ok.test" }),
        };
        Assert.That((int)(await tenant.SendAsync(Send(2))).StatusCode, Is.EqualTo(202));
        var queued = await QueuedAsync(factory);
        Assert.That(queued, Is.EqualTo(2), "one queue entry per recipient accepted (the api role alone: nothing takes them off)");
        var over = await tenant.SendAsync(Send(2));
        Assert.That((int)over.StatusCode, Is.EqualTo(429), "2 + 2 would cross 3: the whole request is refused");
        Assert.That(over.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromHours(1)));
        Assert.That(await over.Content.ReadAsStringAsync(), Does.Contain("quota_exceeded"));
        Assert.That(await QueuedAsync(factory), Is.EqualTo(queued), "the refused request queued nothing, not even part of it");
        Assert.That((int)(await tenant.SendAsync(Send(1))).StatusCode, Is.EqualTo(202), "the remaining one still fits");
        Assert.That(await QueuedAsync(factory), Is.EqualTo(queued + 1));

        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { hourly_quota = 0 })).EnsureSuccessStatusCode();
        Assert.That((int)(await tenant.SendAsync(Send(5))).StatusCode, Is.EqualTo(202), "0 clears the quota");
    }

    /// <summary>Entries in the delivery queue's shard streams.</summary>
    private static async Task<long> QueuedAsync(SendGatewayFactory factory)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase(factory.RedisDatabase);
        var total = 0L;
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(factory.RedisDatabase, "sg:q:*"))
        {
            total += await db.StreamLengthAsync(key);
        }

        return total;
    }
}
