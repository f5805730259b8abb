using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T105/T109: erasing a recipient removes the address from every store (a test greps a PostgreSQL dump
/// and every Redis value), cancels their queued mail, and keeps them unmailable through a keyed hash only.
/// </summary>
[TestFixture]
public sealed class ErasureTests() : TenantFixture("api,delivery,events", "erase-acme.test")
{
    private async Task<string> SendAsync(string to, DateTimeOffset? sendAt = null, string subject = "s")
    {
        var response = await Tenant.SendAsync(new { from = new { email = "a@erase-acme.test" }, to = new[] { new { email = to } }, subject, text = "t", send_at = sendAt });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Whether a lower-cased dump holds the address as is or JSON-escaped (<c>+</c> as <c>\u002b</c>).</summary>
    private static bool Holds(string dump, string address) =>
        dump.Contains(address.ToLowerInvariant(), StringComparison.Ordinal) ||
        dump.Contains(JsonEncodedText.Encode(address).ToString().ToLowerInvariant(), StringComparison.Ordinal) ||
        dump.Contains(address.ToLowerInvariant().Replace("+", "\\u002b", StringComparison.Ordinal), StringComparison.Ordinal);

    [Test]
    public async Task AnErasedAddressIsFoundNowhereInPostgresOrRedisYetANewSendToItIsDropped()
    {
        var person = $"ok+erase{Guid.NewGuid():N}@simulator.sendgateway.test";
        var other = $"ok+keep{Guid.NewGuid():N}@simulator.sendgateway.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).EnsureSuccessStatusCode(); // batches naming them pile up
        // Subjects name people too: each message keeps its own, which goes with the person's messages (issue 39 §2).
        var personSubject = $"Your order, Erasmus{Guid.NewGuid():N}";
        var otherSubject = $"Your order, Keeper{Guid.NewGuid():N}";
        var delivered = await SendAsync(person, subject: personSubject);
        var kept = await SendAsync(other, subject: otherSubject);
        await Tenant.WaitForStatusAsync(delivered, "ok");
        await Tenant.WaitForStatusAsync(kept, "ok");
        await SendAsync(person, DateTimeOffset.UtcNow.AddHours(1)); // still queued in Redis
        var unsubscribed = $"ok+gone{Guid.NewGuid():N}@simulator.sendgateway.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = unsubscribed, reason = "unsubscribe" } } })).EnsureSuccessStatusCode();
        // Positive signals instead of a pause: the ingester has recorded the scheduled send, and the webhook batcher has
        // put every event recorded so far into batches (none waits in the outbox).
        var before = await Polling.UntilAsync(
            () => Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(person)}"),
            e => e.GetProperty("messages").GetArrayLength() == 2, TimeSpan.FromSeconds(30));
        Assert.That(before.GetProperty("messages").GetArrayLength(), Is.EqualTo(2));
        var batching = await Polling.UntilAsync(BatchingAsync, b => b.Waiting == 0 && b.Batches > 0, TimeSpan.FromSeconds(30));
        Assert.That(batching.Waiting, Is.Zero, "every event recorded so far is batched for the endpoint");
        Assert.That(batching.Batches, Is.GreaterThan(0));
        var dumpBefore = (await StorageDump.PostgresAsync(Factory)).ToLowerInvariant();
        Assert.That(Holds(dumpBefore, person), Is.True, "the dump does show addresses before");
        Assert.That(Holds(dumpBefore, personSubject), Is.True, "the dump shows the kept subject before");
        var redisBefore = (await StorageDump.RedisAsync(Factory)).ToLowerInvariant();
        Assert.That(Holds(redisBefore, person) && Holds(redisBefore, unsubscribed), Is.True, "Redis holds the scheduled entry and the suppression mirror before");

        var response = await Tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { person, unsubscribed.ToUpperInvariant() } });
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        var counts = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(counts.GetProperty("messages").GetInt64(), Is.EqualTo(2), counts.ToString());
        Assert.That(counts.GetProperty("events").GetInt64(), Is.GreaterThanOrEqualTo(3), counts.ToString());
        Assert.That(counts.GetProperty("queued_entries").GetInt64(), Is.EqualTo(1), counts.ToString());
        Assert.That(counts.GetProperty("webhook_batches").GetInt64(), Is.GreaterThanOrEqualTo(1), counts.ToString());
        Assert.That(counts.GetProperty("suppressions_hashed").GetInt64(), Is.EqualTo(2), counts.ToString());

        var postgres = (await StorageDump.PostgresAsync(Factory)).ToLowerInvariant();
        var redis = (await StorageDump.RedisAsync(Factory)).ToLowerInvariant();
        foreach (var address in new[] { person, unsubscribed })
        {
            Assert.That(Holds(postgres, address), Is.False, "PostgreSQL still holds the erased address");
            Assert.That(Holds(redis, address), Is.False, "Redis still holds the erased address");
        }

        Assert.That(Holds(postgres, personSubject), Is.False, "PostgreSQL still holds the erased person's subject");
        Assert.That(Holds(postgres, other) && Holds(postgres, otherSubject), Is.True, "other recipients and their subjects are untouched");
        var after = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(person)}");
        Assert.That(after.GetProperty("messages").GetArrayLength(), Is.Zero);
        Assert.That(after.GetProperty("suppression").GetProperty("email").GetString(), Does.StartWith("h:"));

        var again = await Tenant.SendAsync(new { from = new { email = "a@erase-acme.test" }, to = new[] { new { email = person } }, subject = "s", text = "t" });
        var status = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0];
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("dropped"));
        Assert.That(status.GetProperty("reason").GetString(), Is.EqualTo("suppressed"));
    }

    /// <summary>Events of the tenant still waiting in the webhook outbox, and the webhook batches formed.</summary>
    private async Task<(long Waiting, long Batches)> BatchingAsync()
    {
        await using var db = new NpgsqlConnection(Factory.PostgresConnectionString);
        return await db.QuerySingleAsync<(long, long)>(
            "SELECT (SELECT count(*) FROM webhook_outbox WHERE tenant_id = @tenant), (SELECT count(*) FROM webhook_batches WHERE tenant_id = @tenant)",
            new { tenant = Tenant.Id });
    }

    [Test]
    public async Task AnExportHoldsOnlyThisTenantsDataAboutTheRecipient()
    {
        var person = $"ok+export{Guid.NewGuid():N}@simulator.sendgateway.test";
        var id = await SendAsync(person);
        await Tenant.WaitForStatusAsync(id, "ok");
        var export = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(person)}");
        Assert.That(export.GetProperty("messages")[0].GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(export.GetProperty("messages")[0].GetProperty("subject").GetString(), Is.EqualTo("s"), "the export carries the subject kept with the message");
        Assert.That(export.GetProperty("messages")[0].GetProperty("events").GetArrayLength(), Is.EqualTo(2));

        using var other = await Factory.CreateTenantAsync();
        var foreign = await other.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(person)}");
        Assert.That(foreign.GetProperty("messages").GetArrayLength(), Is.Zero);
    }
}
