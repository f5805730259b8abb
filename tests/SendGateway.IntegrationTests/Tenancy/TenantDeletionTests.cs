using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T108: <c>DELETE /v1/admin/tenants/{id}</c> removes the tenant and all its data from every store
/// (checked like the erasure: a <c>pg_dump</c> and every Redis key and value hold neither its id nor its recipients),
/// answers a deletion certificate, leaves other tenants alone, and its keys stop working at once.
/// </summary>
[TestFixture]
public sealed class TenantDeletionTests
{
    [Test]
    public async Task DeletingATenantRemovesItsDataFromEveryStoreAndNothingElse()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var victim = await factory.CreateTenantAsync();
        using var other = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(victim, "victim.test");
        await SendGatewayFactory.AddDomainAsync(other, "survivor.test");
        var delivered = $"ok+gone{Guid.NewGuid():N}@simulator.sendgateway.test";
        var scheduled = $"later{Guid.NewGuid():N}@mx-ok.test";
        var suppressed = $"unsub{Guid.NewGuid():N}@example.test";
        (await victim.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).EnsureSuccessStatusCode();
        (await victim.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "app" })).EnsureSuccessStatusCode();
        (await victim.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = suppressed, reason = "unsubscribe" } } })).EnsureSuccessStatusCode();
        (await victim.Client.PutAsJsonAsync("/v1/settings", new { retention_days = 7 })).EnsureSuccessStatusCode();
        var sent = await SendAsync(victim, "victim.test", delivered, null, "idem-" + Guid.NewGuid().ToString("N"));
        await SendAsync(victim, "victim.test", scheduled, DateTimeOffset.UtcNow.AddHours(1), null);
        var kept = await SendAsync(other, "survivor.test", $"ok+keep{Guid.NewGuid():N}@simulator.sendgateway.test", null, null);
        await victim.WaitForStatusAsync(sent, "ok");
        await other.WaitForStatusAsync(kept, "ok");
        Assert.That((await StorageDump.PostgresAsync(factory)).Contains(victim.Id, StringComparison.Ordinal), Is.True, "the dump shows the tenant before");
        Assert.That((await StorageDump.RedisAsync(factory)).Contains(scheduled, StringComparison.OrdinalIgnoreCase), Is.True, "Redis holds its scheduled mail before");

        using var admin = factory.CreateAdminClient();
        using var response = await admin.DeleteAsync($"/v1/admin/tenants/{victim.Id}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var certificate = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(certificate.GetProperty("tenant_id").GetString(), Is.EqualTo(victim.Id));
        var rows = certificate.GetProperty("postgres_rows");
        Assert.That(rows.GetProperty("tenants").GetInt64(), Is.EqualTo(1), certificate.ToString());
        Assert.That(rows.GetProperty("messages").GetInt64(), Is.GreaterThanOrEqualTo(1), certificate.ToString());
        Assert.That(rows.GetProperty("events").GetInt64(), Is.GreaterThanOrEqualTo(2), certificate.ToString());
        Assert.That(certificate.GetProperty("queued_entries").GetInt64(), Is.EqualTo(1), "the scheduled send");

        var postgres = await StorageDump.PostgresAsync(factory);
        var redis = await StorageDump.RedisAsync(factory);
        foreach (var trace in new[] { victim.Id, delivered, scheduled, suppressed, "victim.test" })
        {
            Assert.That(postgres.Contains(trace, StringComparison.OrdinalIgnoreCase), Is.False,
                $"PostgreSQL still holds {trace}:\n" + string.Join('\n', postgres.Split('\n').Where(l => l.Contains(trace, StringComparison.OrdinalIgnoreCase))));
            Assert.That(redis.Contains(trace, StringComparison.OrdinalIgnoreCase), Is.False, $"Redis still holds {trace}");
        }

        Assert.That(postgres.Contains(other.Id, StringComparison.Ordinal), Is.True, "the other tenant is untouched");
        Assert.That((await other.Client.GetAsync($"/v1/messages/{kept}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await victim.Client.GetAsync("/v1/domains")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "its keys stop working at once");
        Assert.That((await admin.DeleteAsync($"/v1/admin/tenants/{victim.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<string> SendAsync(TestTenant tenant, string domain, string recipient, DateTimeOffset? sendAt, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = $"a@{domain}" }, to = new[] { new { email = recipient } }, subject = "s", text = "t", send_at = sendAt }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await tenant.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }
}
