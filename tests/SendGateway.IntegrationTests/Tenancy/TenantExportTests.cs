using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T108, the "return" half of offboarding: the operator exports every stored row of a tenant (with a
/// reason, recorded in its audit log), secrets and sealed content left out, nothing of another tenant; then deletes it,
/// and a verification query over every table with a tenant column finds 0 rows.
/// </summary>
[TestFixture]
public sealed class TenantExportTests
{
    private const string Reason = "offboarding ticket 99: the customer asked for its data";

    [Test]
    public async Task AnOffboardedTenantGetsEveryRowOfItsOwnWithoutSecretsThenNothingOfItIsLeft()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var leaving = await factory.CreateTenantAsync();
        using var other = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(leaving, "leaving.test");
        await SendGatewayFactory.AddDomainAsync(other, "staying.test");
        var recipient = $"ok+export{Guid.NewGuid():N}@simulator.sendgateway.test";
        var suppressed = $"unsub{Guid.NewGuid():N}@example.test";
        (await leaving.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).EnsureSuccessStatusCode();
        (await leaving.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "app" })).EnsureSuccessStatusCode();
        (await leaving.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = suppressed, reason = "unsubscribe" } } })).EnsureSuccessStatusCode();
        var sent = await leaving.SendAsync(new { from = new { email = "a@leaving.test" }, to = new[] { new { email = recipient } }, subject = "s", text = "t" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var kept = await other.SendAsync(new { from = new { email = "a@staying.test" }, to = new[] { new { email = $"ok+stay{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
        var keptId = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await leaving.WaitForStatusAsync(id, "ok");
        await other.WaitForStatusAsync(keptId, "ok");

        using var admin = factory.CreateAdminClient();
        Assert.That((int)(await admin.GetAsync($"/v1/admin/tenants/{leaving.Id}/export")).StatusCode, Is.EqualTo(422), "no reason, no export");
        Assert.That((await ExportAsync(admin, "no-such-tenant")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        using var response = await ExportAsync(admin, leaving.Id);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-ndjson"));
        var body = await response.Content.ReadAsStringAsync();
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var tables = lines.GroupBy(l => l.GetProperty("table").GetString()!).ToDictionary(g => g.Key, g => g.Select(l => l.GetProperty("row")).ToList());
        Assert.That(tables.Keys, Is.SupersetOf(new[] { "tenants", "messages", "events", "suppressions", "webhooks", "smtp_credentials", "api_keys", "domains" }), string.Join(", ", tables.Keys));
        Assert.That(tables["tenants"].Single().GetProperty("id").GetString(), Is.EqualTo(leaving.Id));
        Assert.That(tables["messages"].Select(r => r.GetProperty("id").GetString()), Does.Contain(id));
        Assert.That(tables["events"].Select(r => r.GetProperty("type").GetString()), Is.SupersetOf(new[] { "injected", "ok" }));
        Assert.That(tables["suppressions"].Select(r => r.GetProperty("email").GetString()), Does.Contain(suppressed));
        foreach (var (table, rows) in tables.Where(t => t.Key != "tenants"))
        {
            Assert.That(rows.All(r => r.GetProperty("tenant_id").GetString() == leaving.Id), Is.True, $"{table} holds only the tenant's rows");
        }

        Assert.That(body, Does.Not.Contain(other.Id).And.Not.Contain(keptId), "nothing of another tenant");
        var names = lines.SelectMany(l => l.GetProperty("row").EnumerateObject().Select(p => p.Name)).Distinct().ToList();
        Assert.That(names.Where(n => n.EndsWith("hash", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal)
            || n.Contains("password", StringComparison.Ordinal) || n is "dkim_private_key" or "salt" or "mime"), Is.Empty, "no secret, key hash or sealed content");

        var audit = (await leaving.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();
        var record = audit.Last(e => e.GetProperty("actor").GetString() == "operator");
        Assert.That(record.GetProperty("action").GetString(), Is.EqualTo("read GET /v1/admin/tenants/{id}/export"));
        Assert.That(record.GetProperty("purpose").GetString(), Is.EqualTo(Reason));

        (await admin.DeleteAsync($"/v1/admin/tenants/{leaving.Id}")).EnsureSuccessStatusCode();
        Assert.That((await ExportAsync(admin, leaving.Id)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await RowsLeftAsync(factory, leaving.Id), Is.Empty, "the verification query finds nothing of the tenant");
        Assert.That(await RowsLeftAsync(factory, other.Id), Is.Not.Empty, "the other tenant is untouched");
    }

    private static async Task<HttpResponseMessage> ExportAsync(HttpClient admin, string tenantId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/admin/tenants/{tenantId}/export");
        request.Headers.Add("X-Access-Reason", Reason);
        return await admin.SendAsync(request);
    }

    /// <summary>Tables (with a tenant column, and <c>tenants</c>) that still hold a row of the tenant.</summary>
    private static async Task<List<string>> RowsLeftAsync(SendGatewayFactory factory, string tenantId)
    {
        await using var db = new NpgsqlConnection(factory.PostgresConnectionString);
        var tables = await db.QueryAsync<string>(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'tenant_id' ORDER BY 1");
        var left = new List<string>();
        foreach (var table in tables)
        {
            if (await db.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\" WHERE tenant_id = @tenantId", new { tenantId }) > 0)
            {
                left.Add(table);
            }
        }

        if (await db.ExecuteScalarAsync<long>("SELECT count(*) FROM tenants WHERE id = @tenantId", new { tenantId }) > 0)
        {
            left.Add("tenants");
        }

        return left;
    }
}
