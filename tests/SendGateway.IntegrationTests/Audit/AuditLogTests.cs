using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Audit;

namespace SendGateway.IntegrationTests.Audit;

/// <summary>reliability.md T103/T107: changes, reads of recipient data, new key addresses and operator access are recorded, tamper-evidently.</summary>
[TestFixture]
public sealed class AuditLogTests
{
    private SendGatewayFactory _factory = null!; // real Kestrel: the client address is real
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay,delivery,events");
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "audit-acme.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<List<JsonElement>> AuditAsync() =>
        (await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();

    [Test]
    public async Task ChangesReadsAndANewKeyAddressAreRecordedWithoutAddresses()
    {
        var created = await (await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/a" })).Content.ReadFromJsonAsync<JsonElement>();
        var hook = created.GetProperty("id").GetString()!;
        (await _tenant.Client.DeleteAsync($"/v1/webhooks/{hook}")).EnsureSuccessStatusCode();
        var person = $"audited-{Guid.NewGuid():N}@example.test";
        (await _tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = person } } })).EnsureSuccessStatusCode();
        (await _tenant.Client.DeleteAsync($"/v1/suppressions/{person}")).EnsureSuccessStatusCode();
        var send = await _tenant.SendAsync(new { from = new { email = "a@audit-acme.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(id, "ok");

        var log = await AuditAsync();
        var actions = log.Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.That(actions, Does.Contain("POST /v1/webhooks").And.Contain("DELETE /v1/webhooks/{id}").And.Contain("read GET /v1/messages/{id}").And.Contain("api_key.new_ip"));
        Assert.That(actions, Does.Not.Contain("POST /v1/messages"), "sending is not a resource change");
        var create = log.First(e => e.GetProperty("action").GetString() == "POST /v1/webhooks");
        Assert.That(create.GetProperty("target").GetString(), Does.Contain(hook));
        Assert.That(create.GetProperty("actor").GetString(), Does.StartWith("key:"));
        Assert.That(create.GetProperty("ip").GetString(), Is.EqualTo("127.0.0.1"));
        var delete = log.First(e => e.GetProperty("action").GetString() == "DELETE /v1/suppressions/{email}");
        Assert.That(delete.GetProperty("target").GetString(), Does.StartWith("email=h:"));
        Assert.That(JsonSerializer.Serialize(log), Does.Not.Contain(person), "addresses are recorded only as keyed hashes");
    }

    [Test]
    public async Task OperatorAccessNeedsAReasonAndIsRecordedInTheTenantsLog()
    {
        var send = await _tenant.SendAsync(new { from = new { email = "a@audit-acme.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
        var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(id, "ok");
        using var admin = _factory.CreateAdminClient();
        Assert.That((int)(await admin.GetAsync($"/v1/admin/tenants/{_tenant.Id}/messages/{id}")).StatusCode, Is.EqualTo(422));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/admin/tenants/{_tenant.Id}/messages/{id}");
        request.Headers.Add("X-Access-Reason", "ticket 4711: customer asks why it bounced");
        Assert.That((await admin.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var record = (await AuditAsync()).Last(e => e.GetProperty("actor").GetString() == "operator");
        Assert.That(record.GetProperty("action").GetString(), Is.EqualTo("read GET /v1/admin/tenants/{id}/messages/{messageId}"));
        Assert.That(record.GetProperty("purpose").GetString(), Is.EqualTo("ticket 4711: customer asks why it bounced"));
    }

    [Test]
    public async Task AChangedRecordBreaksTheHashChain()
    {
        (await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "chain" })).EnsureSuccessStatusCode();
        (await _tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "chain2" })).EnsureSuccessStatusCode();
        var store = _factory.Services.GetRequiredService<AuditStore>();
        Assert.That(await store.FirstBrokenAsync(_tenant.Id, CancellationToken.None), Is.Null);

        var victim = (await AuditAsync())[1].GetProperty("id").GetInt64();
        await using var db = new NpgsqlConnection(_factory.PostgresConnectionString);
        await db.ExecuteAsync("UPDATE audit_log SET actor = 'someone else' WHERE id = @victim", new { victim });
        Assert.That(await store.FirstBrokenAsync(_tenant.Id, CancellationToken.None), Is.EqualTo(victim));
    }
}
