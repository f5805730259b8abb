using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>Issue 20: a reused connection renews its cross-worker slot once per tenth of the slot's TTL, not with every message.</summary>
[TestFixture]
public sealed class ConnectionSlotRenewalTests
{
    private sealed class CountingMx : ISmtpSessionHandler
    {
        public readonly System.Collections.Concurrent.ConcurrentQueue<string?> Connections = new(); // the client end of each message's connection

        public ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Connections.Enqueue(session.RemoteEndPoint?.ToString());
            return ValueTask.FromResult(new SmtpReply(250, "2.0.0", "Ok: queued"));
        }
    }

    [Test]
    public async Task ASecondMessageOnTheSameConnectionLeavesItsSlotsExpiryAlone()
    {
        var mx = new CountingMx();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0), () => mx, new SmtpSessionOptions { HostName = "renew.mx.test" });
        const string domain = "slot-renewal.test";
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:Delivery:MaxConnectionsPerMx"] = "5",
            ["SendGateway:Delivery:ConnectionSlotTtl"] = "00:10:00", // renewed after a minute at the earliest
            ["SendGateway:Delivery:ConnectionSlotIdleRelease"] = "00:01:00", // kept open between the two messages
            [$"SendGateway:Delivery:Routes:{domain}"] = $"127.0.0.8:{server.EndPoint.Port}",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "renew-acme.test");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.RedisConnectionString);
        var db = redis.GetDatabase();
        var keys = redis.GetServer(redis.GetEndPoints()[0]);

        async Task<SortedSetEntry[]> DeliverOneAsync()
        {
            var response = await tenant.SendAsync(new { from = new { email = "a@renew-acme.test" }, to = new[] { new { email = $"r-{Guid.NewGuid():N}@{domain}" } }, subject = "s", text = "t" });
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
            await tenant.WaitForStatusAsync(id, "ok", seconds: 30);
            var key = await keys.KeysAsync(db.Database, "sg:conns:*").SingleAsync();
            return await db.SortedSetRangeByRankWithScoresAsync(key);
        }

        var first = await DeliverOneAsync();
        var second = await DeliverOneAsync();

        Assert.That(mx.Connections, Has.Count.EqualTo(2));
        Assert.That(mx.Connections.Distinct().Count(), Is.EqualTo(1), "the second message reused the first one's connection");
        Assert.That(first, Has.Length.EqualTo(1), "one connection, one slot");
        Assert.That(second, Is.EqualTo(first), "the same slot with the same expiry: no renewal within a tenth of the TTL");
    }
}
