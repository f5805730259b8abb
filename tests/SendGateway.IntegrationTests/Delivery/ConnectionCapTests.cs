using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Smtp;
using SendGateway.Smtp.Protocol;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>Issue 4 done-when: an MX address's connection cap holds under load from two worker processes (counted in Redis).</summary>
[TestFixture]
public sealed class ConnectionCapTests
{
    private sealed class SlowMx : ISmtpSessionHandler
    {
        public int Received;

        public async ValueTask<SmtpReply> OnMessageAsync(SmtpSessionContext session, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            await Task.Delay(200, cancellationToken); // slow enough that connections pile up
            Interlocked.Increment(ref Received);
            return new SmtpReply(250, "2.0.0", "Ok: queued");
        }
    }

    [Test]
    public async Task TwoWorkersTogetherNeverOpenMoreThanTheCapToOneMx()
    {
        var mx = new SlowMx();
        await using var server = SmtpServer.Start(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0), () => mx, new SmtpSessionOptions { HostName = "slow.mx.test" });
        var maxOpen = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                maxOpen = Math.Max(maxOpen, server.ActiveSessions); // sessions open at the MX right now, from any worker
                await Task.Delay(10);
            }
        });

        await using var api = new SendGatewayFactory("api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "cap-acme.test");
        var domains = Enumerable.Range(0, 4).Select(shard => ServerProcess.DomainOnShard(shard, 4, "cap")).ToList();
        var overrides = new Dictionary<string, string>
        {
            ["SendGateway:Delivery:ShardLeaseTime"] = "00:00:02",
            ["SendGateway:Delivery:MaxConnectionsPerMx"] = "2",
            ["SendGateway:Delivery:MaxConnectionsPerDestination"] = "10",
        };
        foreach (var domain in domains)
        {
            overrides[$"SendGateway:Delivery:Routes:{domain}"] = $"127.0.0.8:{server.EndPoint.Port}";
        }

        var workers = Enumerable.Range(0, 2).Select(_ => ServerProcess.StartWorker(api, overrides)).ToList();
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
            // Both workers hold shards before the mail goes: the cap is then shared by two processes.
            var spread = await Polling.UntilAsync(
                () => Task.WhenAll(Enumerable.Range(0, 4).Select(async s => (string?)await redis.GetDatabase().StringGetAsync($"sg:lease:{{s{s}}}"))),
                owners => owners.All(o => o is not null) && owners.Distinct().Count() == 2, TimeSpan.FromSeconds(60));
            Assert.That(spread.Distinct().Count(), Is.EqualTo(2), "the shards' leases are spread over both workers");

            var ids = new List<string>();
            foreach (var domain in domains)
            {
                var response = await tenant.SendAsync(new { from = new { email = "a@cap-acme.test" }, to = Enumerable.Range(0, 6).Select(_ => new { email = $"r-{Guid.NewGuid():N}@{domain}" }), subject = "s", text = "t" });
                ids.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            }

            foreach (var id in ids)
            {
                await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            }

            await sampling.CancelAsync();
            await sampler;
            Assert.That(mx.Received, Is.EqualTo(24), "everything delivered");
            Assert.That(maxOpen, Is.LessThanOrEqualTo(2), "never more than the cap open at once, over both workers");
            Assert.That(maxOpen, Is.GreaterThan(0));
        }
        finally
        {
            workers.ForEach(w => w.Kill(entireProcessTree: true));
        }
    }
}
