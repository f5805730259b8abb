using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>Queued bodies are AES-GCM sealed in Redis under a named key; rotating the key loses no queued mail.</summary>
[TestFixture]
public sealed class QueueEncryptionTests
{
    private static readonly string K1 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string K2 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static async Task<(string Message, string Batch)> SendAsync(TestTenant tenant, string text, DateTimeOffset? sendAt = null)
    {
        var response = await tenant.SendAsync(new
        {
            from = new { email = "a@sealed-acme.test" }, to = new[] { new { email = $"ann-{Guid.NewGuid():N}@mx-ok.test" } },
            subject = "Secret subject " + text, text = "Body text " + text, send_at = sendAt,
        });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("messages")[0].GetProperty("id").GetString()!, body.GetProperty("batch_id").GetString()!);
    }

    [Test]
    public async Task QueuedContentIsNotReadableInRedisAndAKeyRotationDeliversWhatTheOldKeySealed()
    {
        await using var accept = new SendGatewayFactory("api", new Dictionary<string, string?>
        {
            ["SendGateway:Secrets:QueueKeys:k1"] = K1, ["SendGateway:Secrets:CurrentQueueKey"] = "k1",
        });
        using var tenant = await accept.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "sealed-acme.test");
        var marker = Guid.NewGuid().ToString("N");
        var (id, batch) = await SendAsync(tenant, marker, DateTimeOffset.UtcNow.AddSeconds(2));

        await using var redis = await ConnectionMultiplexer.ConnectAsync(accept.RedisConnectionString + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var bodyKey = server.Keys(accept.RedisDatabase, $"sg:body:*:{batch}").Single();
        var stored = (byte[])(await redis.GetDatabase(accept.RedisDatabase).HashGetAsync(bodyKey, "c"))!;
        Assert.That(Encoding.UTF8.GetString(stored), Does.Not.Contain(marker).And.Not.Contain("Secret subject"));
        Assert.That(stored[0], Is.EqualTo(1));
        Assert.That(Encoding.ASCII.GetString(stored, 2, stored[1]), Is.EqualTo("k1"), "the blob names its key");

        // A delivery node after rotation: k2 seals new bodies, k1 is kept for what is still queued.
        await using var deliver = new SendGatewayFactory("delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Secrets:QueueKeys:k1"] = K1, ["SendGateway:Secrets:QueueKeys:k2"] = K2, ["SendGateway:Secrets:CurrentQueueKey"] = "k2",
        }, accept.RedisDatabase, accept.PostgresDatabase);
        deliver.StartServer();
        await tenant.WaitForStatusAsync(id, "ok");
        Assert.That(TestEnvironment.Mx1.Received.Concat(TestEnvironment.Mx2.Received).Any(m => m.Parse().Subject == "Secret subject " + marker), Is.True);
    }
}
