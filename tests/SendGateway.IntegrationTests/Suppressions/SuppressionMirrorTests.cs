using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Suppressions;

/// <summary>The accept path checks a Redis mirror of the list; a process of the events role re-syncs it from PostgreSQL at start.</summary>
[TestFixture]
public sealed class SuppressionMirrorTests() : TenantFixture("api,events", "mirror-acme.test")
{
    [Test]
    public async Task ALostMirrorIsRebuiltFromPostgresAtStartAndSuppressesAgain()
    {
        var gone = $"gone-{Guid.NewGuid():N}@mx-ok.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = gone } } })).EnsureSuccessStatusCode();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Factory.RedisConnectionString);
        var key = $"sg:sup:{{t:{Tenant.Id}}}";
        Assert.That(await redis.GetDatabase().HashExistsAsync(key, gone), Is.True, "added entries are mirrored at once");

        await redis.GetDatabase().KeyDeleteAsync(key); // e.g. Redis restored from an older snapshot
        Assert.That(await StatusOfSendAsync(gone), Is.EqualTo("accepted"), "without the mirror the accept path does not see the entry");

        await using var restarted = new SendGatewayFactory("events", redisDatabase: Factory.RedisDatabase, postgresDatabase: Factory.PostgresDatabase);
        restarted.StartServer();
        var mirrored = await Polling.UntilAsync(() => redis.GetDatabase().HashExistsAsync(key, gone), found => found, TimeSpan.FromSeconds(30));
        Assert.That(mirrored, Is.True, "the events role rebuilds the mirror at its start");
        Assert.That(await StatusOfSendAsync(gone), Is.EqualTo("dropped"));
    }

    private async Task<string> StatusOfSendAsync(string to)
    {
        var response = await Tenant.SendAsync(new { from = new { email = "a@mirror-acme.test" }, to = new[] { new { email = to } }, subject = "s", text = "t" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("status").GetString()!;
    }
}
