using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery.Shaping;

/// <summary>
/// The shaping tests' real parts: a <see cref="SmartSink"/> on 127.0.0.<c>octet</c> (the shared MX port) that the test DNS
/// names <c>mx.s&lt;octet&gt;.smartsink.test</c>, the MX of <c>shaping&lt;octet&gt;.test</c>; an operator rules file making
/// <c>*.smartsink.test</c> the provider <c>smarty</c> with a TSS04 suspend rule and a 4.7.28 throttle rule; a service
/// delivering one attempt at a time (so "after the first reply" is exact) from a pool of the given sources.
/// </summary>
public sealed class ShapingScenario : IAsyncDisposable
{
    public const string Provider = "smarty";

    private readonly string _rulesFile;

    private ShapingScenario(SmartSink sink, string domain, string rulesFile, SendGatewayFactory factory, TestTenant tenant)
    {
        Sink = sink;
        Domain = domain;
        _rulesFile = rulesFile;
        Factory = factory;
        Tenant = tenant;
    }

    public SmartSink Sink { get; }

    public string Domain { get; }

    public string MxHost => $"mx.s{Sink.EndPoint.Address.GetAddressBytes()[3]}.smartsink.test";

    public SendGatewayFactory Factory { get; private set; }

    public TestTenant Tenant { get; private set; }

    public static async Task<ShapingScenario> StartAsync(
        int octet, string suspendFor, IReadOnlyList<(string Address, int Weight)> sources, params SmartSinkRule[] script)
    {
        var sink = new SmartSink(new IPEndPoint(IPAddress.Parse($"127.0.0.{octet}"), TestEnvironment.MxPort), $"mx.s{octet}.smartsink.test", script);
        var domain = $"shaping{octet}.test";
        TestEnvironment.Dns.AddMx(domain, 10, $"mx.s{octet}.smartsink.test");
        TestEnvironment.Dns.AddA($"mx.s{octet}.smartsink.test", $"127.0.0.{octet}");
        var rulesFile = Path.Combine(Path.GetTempPath(), $"sg-shaping-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(rulesFile, $$"""
            version: "shaping-test-{{octet}}"
            providers:
              - name: {{Provider}}
                mx: ["*.smartsink.test"]
            rules:
              - name: smarty-tss04
                provider: {{Provider}}
                code: 421
                enhanced_code: "4.7.0"
                text: '\[TSS04\]'
                action: suspend
                duration: {{suspendFor}}
              - name: smarty-rate
                provider: {{Provider}}
                code: 421
                enhanced_code: "4.7.28"
                action: throttle
                duration: 1h
                limit: 1
            """);
        var factory = new SendGatewayFactory("api,delivery,events", Settings(rulesFile));
        using var admin = factory.CreateAdminClient();
        var pool = await admin.PostAsJsonAsync("/v1/admin/ip-pools", new
        {
            name = "shaped",
            sources = sources.Select(s => new { address = s.Address, ehlo_name = $"s{s.Address.Split('.')[^1]}.mta.sendgateway.test", weight = s.Weight }).ToArray(),
        });
        Assert.That(pool.StatusCode, Is.EqualTo(HttpStatusCode.Created), await pool.Content.ReadAsStringAsync());
        var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, $"sender{octet}.test");
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { default_ip_pool = "shaped" })).EnsureSuccessStatusCode();
        return new ShapingScenario(sink, domain, rulesFile, factory, tenant);
    }

    /// <summary>This node's settings: the operator rules file and one attempt at a time.</summary>
    public static Dictionary<string, string?> Settings(string rulesFile) => new()
    {
        ["SendGateway:Delivery:ShapingRules:OperatorFile"] = rulesFile,
        ["SendGateway:Delivery:Concurrency"] = "1",
    };

    /// <summary>Stops this node and starts another on the same Redis and PostgreSQL (a second node of one installation).</summary>
    public async Task ReplaceNodeAsync()
    {
        var first = Factory;
        Factory = new SendGatewayFactory("api,delivery,events", Settings(_rulesFile), first.RedisDatabase, first.PostgresDatabase);
        Tenant = new TestTenant(Tenant.Id, Tenant.ApiKey, Factory.Authorized(Tenant.ApiKey));
        await first.DisposeAsync();
    }

    public async Task<string> SendAsync()
    {
        var response = await Tenant.SendAsync(new
        {
            from = new { email = $"news@{Domain.Replace("shaping", "sender", StringComparison.Ordinal)}" },
            to = new[] { new { email = $"r{Guid.NewGuid():N}@{Domain}" } }, subject = "s", text = "t",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted).Or.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    /// <summary>GET /v1/admin/shaping/actions as the operator.</summary>
    public async Task<JsonElement> ActionsAsync()
    {
        using var admin = Factory.CreateAdminClient();
        return await admin.GetFromJsonAsync<JsonElement>("/v1/admin/shaping/actions");
    }

    /// <summary>The queue view's <c>held</c> count of <paramref name="reason"/> for this scenario's domain.</summary>
    public async Task<long> HeldAsync(string reason)
    {
        using var admin = Factory.CreateAdminClient();
        var domains = (await admin.GetFromJsonAsync<JsonElement>("/v1/admin/queues")).GetProperty("domains").EnumerateArray();
        return domains.Where(d => d.GetProperty("domain").GetString() == Domain)
            .Sum(d => d.TryGetProperty("held", out var held) && held.ValueKind == JsonValueKind.Object && held.TryGetProperty(reason, out var n) ? n.GetInt64() : 0);
    }

    public async ValueTask DisposeAsync()
    {
        Tenant.Dispose();
        await Factory.DisposeAsync();
        await Sink.DisposeAsync();
        File.Delete(_rulesFile);
    }
}
