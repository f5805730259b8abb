using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SendGateway.ClusterTests.Infrastructure;

namespace SendGateway.ClusterTests;

/// <summary>
/// IP pools on separate delivery hosts (queue lanes, docs/operations/several-hosts.md): pool A's address is on delivery1,
/// pool B's on delivery2, so each pool's mail leaves only from its own host. <c>kill -9</c> of delivery1, the only host
/// with pool A's address: A's mail waits as <c>no_source_available</c> in the operator's queue view (never sent from B's
/// address, never bounced) while B's keeps flowing; delivery1 back, A's mail goes from A's address.
/// </summary>
public sealed class PoolPlacementTests
{
    private static readonly string Prefix = $"pool{ClusterTopology.RunId}-";

    [Test]
    public async Task APoolsMailLeavesOnlyFromItsHostWaitsWhileThatHostIsDeadAndGoesWhenItIsBack()
    {
        using var admin = new HttpClient { BaseAddress = ClusterTopology.LoadBalancer, Timeout = TimeSpan.FromSeconds(20) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClusterTopology.AdminKey);
        var (addressA, addressB) = (await SourceAsync("delivery1"), await SourceAsync("delivery2"));
        var (poolA, poolB) = ($"{Prefix}a", $"{Prefix}b");
        await CreatePoolAsync(admin, poolA, addressA);
        await CreatePoolAsync(admin, poolB, addressB);
        using var a = await ClusterTenant.CreateAsync("poola");
        using var b = await ClusterTenant.CreateAsync("poolb");
        (await admin.PatchAsJsonAsync($"v1/admin/tenants/{a.Id}", new { default_ip_pool = poolA })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"v1/admin/tenants/{b.Id}", new { default_ip_pool = poolB })).EnsureSuccessStatusCode();

        var first = await SendAsync(a, b, "first", 8);
        Assert.That(await SourcesAsync(a.Id, first.A), Is.EquivalentTo(new[] { addressA }), "pool A's mail left from delivery1's address only");
        Assert.That(await SourcesAsync(b.Id, first.B), Is.EquivalentTo(new[] { addressB }), "pool B's mail left from delivery2's address only");

        await ClusterTopology.KillServerAsync("delivery1");
        try
        {
            var waiting = Enumerable.Range(0, 5).Select(i => $"{Prefix}wait-a-{i:D2}").ToList();
            foreach (var token in waiting)
            {
                await a.SendAsync(token, TimeSpan.FromSeconds(30));
            }

            var flowing = Enumerable.Range(0, 5).Select(i => $"{Prefix}wait-b-{i:D2}").ToList();
            foreach (var token in flowing)
            {
                await b.SendAsync(token, TimeSpan.FromSeconds(30));
            }

            var held = await Polling.UntilAsync(() => NoSourceAvailableAsync(admin), n => n >= waiting.Count, TimeSpan.FromSeconds(60));
            Assert.That(held, Is.EqualTo(waiting.Count), "the operator's queue view says why pool A's mail waits");
            var bOks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(b.Id, $"{Prefix}wait-b-"), c => c.Count == flowing.Count, TimeSpan.FromSeconds(60));
            Assert.That(bOks.Keys, Is.EquivalentTo(flowing), "pool B keeps flowing while pool A's host is dead");
            Assert.That(await SourcesAsync(b.Id, flowing), Is.EquivalentTo(new[] { addressB }));
            Assert.Multiple(async () =>
            {
                Assert.That(MxMailbox.Copies($"{Prefix}wait-a-"), Is.Empty, "pool A's mail was not sent from another host's address");
                Assert.That(await EventsTable.OkPerTokenAsync(a.Id, $"{Prefix}wait-a-"), Is.Empty);
                Assert.That(await NonOkOutcomesAsync(a.Id, $"{Prefix}wait-a-"), Is.Zero, "nor bounced or dropped: it waits");
            });
        }
        finally
        {
            await ClusterTopology.StartServerAsync("delivery1", "delivery");
        }

        var back = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(a.Id, $"{Prefix}wait-a-"), c => c.Count == 5, TimeSpan.FromSeconds(90));
        Assert.That(back, Has.Count.EqualTo(5), "delivery1 back: pool A's waiting mail goes");
        Assert.That(back.Values, Is.All.EqualTo(1));
        Assert.That(await SourcesAsync(a.Id, [.. back.Keys]), Is.EquivalentTo(new[] { addressA }), "from pool A's own address");
        Assert.That(await Polling.UntilAsync(() => NoSourceAvailableAsync(admin), n => n == 0, TimeSpan.FromSeconds(30)), Is.Zero, "nothing waits any more");
    }

    /// <summary>The source address of its own a delivery host has (scripts/cluster/hosts.sh).</summary>
    private static async Task<string> SourceAsync(string host) =>
        (await Processes.CheckedAsync("bash", ["-c", $"source scripts/cluster/hosts.sh; echo ${{SGC_SOURCE[{host}]}}"])).Trim();

    private static async Task CreatePoolAsync(HttpClient admin, string name, string address)
    {
        var created = await admin.PostAsJsonAsync("v1/admin/ip-pools", new { name, sources = new[] { new { address, ehlo_name = $"{name}.cluster.test", weight = 1 } } });
        Assert.That(created.IsSuccessStatusCode, Is.True, $"pool {name}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
    }

    /// <summary>Sends <paramref name="count"/> messages of each tenant and waits for every <c>ok</c>.</summary>
    private static async Task<(List<string> A, List<string> B)> SendAsync(ClusterTenant a, ClusterTenant b, string step, int count)
    {
        var tokens = (A: new List<string>(), B: new List<string>());
        for (var i = 0; i < count; i++)
        {
            tokens.A.Add($"{Prefix}{step}-a-{i:D2}");
            tokens.B.Add($"{Prefix}{step}-b-{i:D2}");
            await a.SendAsync(tokens.A[^1], TimeSpan.FromSeconds(30));
            await b.SendAsync(tokens.B[^1], TimeSpan.FromSeconds(30));
        }

        foreach (var (tenant, sent) in new[] { (a, tokens.A), (b, tokens.B) })
        {
            var oks = await Polling.UntilAsync(() => EventsTable.OkPerTokenAsync(tenant.Id, $"{Prefix}{step}-"), c => c.Count == sent.Count, TimeSpan.FromSeconds(60));
            Assert.That(oks.Keys, Is.EquivalentTo(sent), $"{step}: every message delivered");
        }

        return tokens;
    }

    /// <summary>The distinct source addresses the <c>ok</c> events of these tokens name.</summary>
    private static async Task<List<string>> SourcesAsync(string tenantId, IReadOnlyCollection<string> tokens)
    {
        await using var connection = new NpgsqlConnection(EventsTable.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT smtp->>'source_ip' FROM events WHERE tenant_id = @tenant AND type = 'ok' AND split_part(recipient, '@', 1) = ANY(@tokens)", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("tokens", tokens.ToArray());
        var sources = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sources.Add(reader.IsDBNull(0) ? "(none)" : reader.GetString(0));
        }

        return sources;
    }

    private static async Task<long> NonOkOutcomesAsync(string tenantId, string prefix)
    {
        await using var connection = new NpgsqlConnection(EventsTable.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM events WHERE tenant_id = @tenant AND type IN ('softbounce','hardbounce','spambounce','dropped') AND recipient LIKE @prefix", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("prefix", prefix + "%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The operator's queue view: mail held as <c>no_source_available</c>, summed over the recipient domains.</summary>
    private static async Task<long> NoSourceAvailableAsync(HttpClient admin)
    {
        var view = await admin.GetFromJsonAsync<JsonElement>("v1/admin/queues");
        return view.GetProperty("domains").EnumerateArray()
            .Select(d => d.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.Object && held.TryGetProperty("no_source_available", out var n) ? n.GetInt64() : 0)
            .Sum();
    }
}
