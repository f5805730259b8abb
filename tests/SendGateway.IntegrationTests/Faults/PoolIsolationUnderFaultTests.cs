using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T78: an MX refuses tenant A's dedicated pool address on reputation grounds (<c>554 5.7.1</c> at RCPT).
/// A's mail bounces from A's address only, never falling back to another pool's address; tenant B, on its own pool,
/// is delivered to the same MX exactly once.
/// </summary>
[TestFixture]
public sealed class PoolIsolationUnderFaultTests
{
    private static readonly IPAddress PoolA = IPAddress.Parse("127.0.0.41");
    private static readonly IPAddress PoolB = IPAddress.Parse("127.0.0.42");
    private readonly ConcurrentQueue<(IPAddress Source, string Line)> _rcpts = new();
    private RawMx _mx = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _a = null!;
    private TestTenant _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, onCommand: line =>
        {
            if (!line.StartsWith("RCPT", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            _rcpts.Enqueue((c.RemoteAddress, line));
            return c.RemoteAddress.Equals(PoolA) ? $"554 5.7.1 Service unavailable; client host [{PoolA}] blocked using our reputation list" : null;
        }));
        _factory = new SendGatewayFactory(settings: new Dictionary<string, string?> { ["SendGateway:Delivery:Routes:pool-blocked.test"] = $"127.0.0.1:{_mx.Port}" });
        using (var admin = _factory.CreateAdminClient())
        {
            foreach (var (name, address) in new[] { ("iso-a", PoolA), ("iso-b", PoolB) })
            {
                var created = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new { name, sources = new[] { new { address = address.ToString(), ehlo_name = $"{name}.mta.sendgateway.test", weight = 1 } } });
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            }

            _a = await _factory.CreateTenantAsync();
            _b = await _factory.CreateTenantAsync();
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{_a.Id}", new { default_ip_pool = "iso-a" })).EnsureSuccessStatusCode();
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{_b.Id}", new { default_ip_pool = "iso-b" })).EnsureSuccessStatusCode();
        }

        await SendGatewayFactory.AddDomainAsync(_a, "iso-a-sender.test");
        await SendGatewayFactory.AddDomainAsync(_b, "iso-b-sender.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _factory.DisposeAsync();
        await _mx.DisposeAsync();
    }

    [Test]
    public async Task T78AnMxRefusingOnePoolsAddressBouncesThatTenantOnlyAndNeverFallsBackToAnotherPool()
    {
        var rcptA = $"a-{Guid.NewGuid():N}@pool-blocked.test";
        var rcptB = $"b-{Guid.NewGuid():N}@pool-blocked.test";
        var idA = await SendAsync(_a, "iso-a-sender.test", rcptA);
        var idB = await SendAsync(_b, "iso-b-sender.test", rcptB);

        var a = await _a.WaitForStatusAsync(idA, "spambounce", seconds: 60);
        var b = await _b.WaitForStatusAsync(idB, "ok", seconds: 60);
        var bounce = a.GetProperty("events").EnumerateArray().Last();
        Assert.That(bounce.GetProperty("smtp").GetProperty("source_ip").GetString(), Is.EqualTo(PoolA.ToString()), bounce.ToString());
        Assert.That(bounce.GetProperty("smtp").GetProperty("enhanced_code").GetString(), Is.EqualTo("5.7.1"));
        Assert.That(_rcpts.Where(r => r.Line.Contains(rcptA, StringComparison.Ordinal)).Select(r => r.Source), Is.Not.Empty.And.All.EqualTo(PoolA),
            "A's recipient was offered only from A's pool address");
        Assert.That(_rcpts.Where(r => r.Line.Contains(rcptB, StringComparison.Ordinal)).Select(r => r.Source), Is.EqualTo(new[] { PoolB }), "B's once, from B's");
        Assert.That(b.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "injected", "ok" }), "B is unaffected");
        Assert.That(_mx.Received.Count(m => m.Contains(rcptB, StringComparison.Ordinal)), Is.EqualTo(1), "one copy for B");
        Assert.That(_mx.Received.Count(m => m.Contains(rcptA, StringComparison.Ordinal)), Is.Zero, "none for A");
    }

    private static async Task<string> SendAsync(TestTenant tenant, string domain, string rcpt)
    {
        using var response = await tenant.SendAsync(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
