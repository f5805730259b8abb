using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>
/// IP pools on several delivery nodes (several-hosts.md): two real worker processes, each with the address of one pool
/// (<c>Delivery:LocalSources</c>). A pool's mail leaves only from the node with its address; while that node is dead the
/// mail waits (<c>no_source_available</c>) and the other pool keeps flowing; it goes when the node is back, or from the
/// other node once an operator rebinds the pool.
/// </summary>
[TestFixture]
public sealed class PoolLaneTests
{
    private const string AddressA = "127.0.0.52";
    private const string AddressB = "127.0.0.53";

    private sealed record Setup(SendGatewayFactory Api, HttpClient Admin, TestTenant A, TestTenant B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            A.Dispose();
            B.Dispose();
            Admin.Dispose();
            await Api.DisposeAsync();
        }
    }

    private static async Task<Setup> StartAsync()
    {
        var api = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["SendGateway:Queue:PoolLanes"] = "4",
            ["SendGateway:Delivery:ShardLeaseTime"] = "00:00:03",
        });
        var admin = api.CreateAdminClient();
        foreach (var (name, address) in new[] { ("lane-a", AddressA), ("lane-b", AddressB) })
        {
            var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name, sources = new[] { new { address, ehlo_name = $"{name}.mta.sendgateway.test", weight = 1 } } });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        }

        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(a, "lane-a-sender.test");
        await SendGatewayFactory.AddDomainAsync(b, "lane-b-sender.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{a.Id}", new { default_ip_pool = "lane-a" })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{b.Id}", new { default_ip_pool = "lane-b" })).EnsureSuccessStatusCode();
        return new Setup(api, admin, a, b);
    }

    private static Process StartNode(SendGatewayFactory api, string address) => ServerProcess.StartWorker(api, new Dictionary<string, string>
    {
        ["SendGateway:Delivery:LocalSources:0"] = address,
    });

    private static void KillHard(Process node)
    {
        node.Kill(entireProcessTree: true); // SIGKILL: no lease handed back, no goodbye
        node.WaitForExit();
    }

    private static async Task<(string Id, string Rcpt)> SendAsync(TestTenant tenant, string fromDomain)
    {
        var rcpt = $"lane-{Guid.NewGuid():N}@mx-ok.test";
        var response = await tenant.SendAsync(new { from = new { email = $"a@{fromDomain}" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, rcpt);
    }

    private static async Task<IPAddress?> ArrivedFromAsync(TestTenant tenant, (string Id, string Rcpt) sent)
    {
        await tenant.WaitForStatusAsync(sent.Id, "ok", seconds: 60);
        return TestEnvironment.Mx1.For(sent.Rcpt).Single().Client;
    }

    /// <summary>The held count of mx-ok.test for a reason, as a view shows it (the operator's, or the tenant's own).</summary>
    private static Task<long> NoSourceAvailableAsync(HttpClient client, string path) => HeldAsync(client, path, "no_source_available");

    private static async Task<long> HeldAsync(HttpClient client, string path, string reason)
    {
        var view = await client.GetFromJsonAsync<JsonElement>(path);
        var domain = view.GetProperty("domains").EnumerateArray().FirstOrDefault(d => d.GetProperty("domain").GetString() == "mx-ok.test");
        return domain.ValueKind == JsonValueKind.Object && domain.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.Object
            && held.TryGetProperty(reason, out var count) ? count.GetInt64() : 0;
    }

    [Test]
    public async Task APoolsMailLeavesOnlyFromItsNodeWaitsWhileThatNodeIsDeadAndGoesWhenItIsBack()
    {
        await using var setup = await StartAsync();
        var nodeA = StartNode(setup.Api, AddressA);
        using var nodeB = StartNode(setup.Api, AddressB);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.That(await ArrivedFromAsync(setup.A, await SendAsync(setup.A, "lane-a-sender.test")), Is.EqualTo(IPAddress.Parse(AddressA)));
                Assert.That(await ArrivedFromAsync(setup.B, await SendAsync(setup.B, "lane-b-sender.test")), Is.EqualTo(IPAddress.Parse(AddressB)));
            }

            KillHard(nodeA);
            nodeA.Dispose();
            var waiting = await SendAsync(setup.A, "lane-a-sender.test");
            // Pool B keeps flowing, from B's node, while pool A's node is dead.
            Assert.That(await ArrivedFromAsync(setup.B, await SendAsync(setup.B, "lane-b-sender.test")), Is.EqualTo(IPAddress.Parse(AddressB)));
            var held = await Polling.UntilAsync(() => NoSourceAvailableAsync(setup.Admin, "/v1/admin/queues"), n => n == 1, TimeSpan.FromSeconds(30));
            Assert.That(held, Is.EqualTo(1), "the operator's queue view says why pool A's mail waits");
            Assert.That(await NoSourceAvailableAsync(setup.A.Client, "/v1/queues"), Is.EqualTo(1), "and so does the tenant's");
            Assert.That(TestEnvironment.Mx1.For(waiting.Rcpt), Is.Empty, "never sent from another pool's node");
            var status = await setup.A.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{waiting.Id}");
            Assert.That(status.GetProperty("status").GetString(), Is.Not.EqualTo("bounced").And.Not.EqualTo("dropped"), status.ToString());

            nodeA = StartNode(setup.Api, AddressA);
            Assert.That(await ArrivedFromAsync(setup.A, waiting), Is.EqualTo(IPAddress.Parse(AddressA)), "back with its node, from its own address");
            Assert.That(await NoSourceAvailableAsync(setup.Admin, "/v1/admin/queues"), Is.Zero);
        }
        finally
        {
            if (!nodeA.HasExited)
            {
                KillHard(nodeA);
            }

            nodeA.Dispose();
            KillHard(nodeB);
        }
    }

    [Test]
    public async Task AnOperatorsRebindSendsADeadNodesPoolFromTheOtherNode()
    {
        await using var setup = await StartAsync();
        using var nodeA = StartNode(setup.Api, AddressA);
        using var nodeB = StartNode(setup.Api, AddressB);
        try
        {
            Assert.That(await ArrivedFromAsync(setup.A, await SendAsync(setup.A, "lane-a-sender.test")), Is.EqualTo(IPAddress.Parse(AddressA)));
            KillHard(nodeA);
            var waiting = await SendAsync(setup.A, "lane-a-sender.test");
            var held = await Polling.UntilAsync(() => NoSourceAvailableAsync(setup.Admin, "/v1/admin/queues"), n => n == 1, TimeSpan.FromSeconds(30));
            Assert.That(held, Is.EqualTo(1), "pool A's mail waits for a node with its address");
            Assert.That(TestEnvironment.Mx1.For(waiting.Rcpt), Is.Empty);

            var rebind = await setup.Admin.PostAsJsonAsync("/v1/admin/queue-controls", new { action = "rebind", scope = "pool", value = "lane-a", to_pool = "lane-b" });
            Assert.That(rebind.StatusCode, Is.EqualTo(HttpStatusCode.Created), await rebind.Content.ReadAsStringAsync());
            Assert.That(await ArrivedFromAsync(setup.A, waiting), Is.EqualTo(IPAddress.Parse(AddressB)), "rebound: sent by B's node from B's address");
        }
        finally
        {
            if (!nodeA.HasExited)
            {
                KillHard(nodeA);
            }

            KillHard(nodeB);
        }
    }

    [Test]
    public async Task ARebindWhileThePoolsNodeIsAliveHandsItsMailToTheTargetPoolsNode()
    {
        await using var setup = await StartAsync();
        using var nodeA = StartNode(setup.Api, AddressA);
        using var nodeB = StartNode(setup.Api, AddressB);
        try
        {
            Assert.That(await ArrivedFromAsync(setup.A, await SendAsync(setup.A, "lane-a-sender.test")), Is.EqualTo(IPAddress.Parse(AddressA)));
            // Queued before the rebind and still waiting when it comes: held by the operator on pool A, on A's own node.
            var hold = await setup.Admin.PostAsJsonAsync("/v1/admin/queue-controls", new { action = "hold", scope = "pool", value = "lane-a" });
            Assert.That(hold.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hold.Content.ReadAsStringAsync());
            // The nodes see a new control within a second or so: a message sent before that is delivered; the next is held.
            (string Id, string Rcpt) waiting = default;
            for (var i = 0; i < 20 && waiting == default; i++)
            {
                var sent = await SendAsync(setup.A, "lane-a-sender.test");
                var (held, delivered) = await Polling.UntilAsync(
                    async () => (await HeldAsync(setup.Admin, "/v1/admin/queues", "operator"), TestEnvironment.Mx1.For(sent.Rcpt).Any()),
                    r => r.Item1 == 1 || r.Item2, TimeSpan.FromSeconds(30));
                waiting = held == 1 ? sent : default;
                Assert.That(held == 1 || delivered, Is.True, "held, or delivered before the nodes saw the hold");
            }

            Assert.That(waiting, Is.Not.EqualTo(default((string, string))), "a message of pool A is held by the operator");

            var rebind = await setup.Admin.PostAsJsonAsync("/v1/admin/queue-controls", new { action = "rebind", scope = "pool", value = "lane-a", to_pool = "lane-b" });
            Assert.That(rebind.StatusCode, Is.EqualTo(HttpStatusCode.Created), await rebind.Content.ReadAsStringAsync());
            var holdId = (await hold.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            Assert.That((await setup.Admin.DeleteAsync($"/v1/admin/queue-controls/{holdId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await ArrivedFromAsync(setup.A, waiting), Is.EqualTo(IPAddress.Parse(AddressB)), "A's node cannot send from B's address: B's node does");
        }
        finally
        {
            KillHard(nodeA);
            KillHard(nodeB);
        }
    }
}
