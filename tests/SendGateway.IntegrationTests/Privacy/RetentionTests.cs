using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>Anonymisation and retention (reliability.md T106) with the job on a 200 ms clock.</summary>
[TestFixture]
public sealed class RetentionTests
{
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?> { ["SendGateway:Privacy:JobInterval"] = "00:00:00.200" });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "retain-acme.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var value = await Polling.UntilAsync(probe, done, TimeSpan.FromSeconds(15));
        Assert.That(done(value), Is.True, $"{what} did not happen within 15 s: {value}");
        return value;
    }

    [Test]
    public async Task AfterTheFinalStatusTheAddressIsMaskedEverywhereYetSearchesByTheFullAddressStillFindIt()
    {
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { anonymize_after_minutes = 0, anonymize_metadata = true })).EnsureSuccessStatusCode();
        var person = $"ok+anon{Guid.NewGuid():N}@simulator.sendgateway.test";
        var subject = $"Receipt for Anonyma{Guid.NewGuid():N}";
        var response = await _tenant.SendAsync(new { from = new { email = "a@retain-acme.test" }, to = new[] { new { email = person } }, subject, text = "t", metadata = new { order = "A-1" } });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(id, "ok");

        var message = await EventuallyAsync(
            () => _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}"),
            m => m.GetProperty("recipient").GetString() != person, "anonymisation");
        Assert.That(message.GetProperty("recipient").GetString(), Is.EqualTo("o***@simulator.sendgateway.test"));
        Assert.That(message.GetProperty("metadata").EnumerateObject().Count(), Is.Zero, "metadata dropped as the tenant chose");
        Assert.That(message.GetProperty("subject").ValueKind, Is.EqualTo(JsonValueKind.Null), "the subject is blanked with the address");
        Assert.That(message.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("recipient").GetString()), Is.All.EqualTo("o***@simulator.sendgateway.test"));

        var found = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(person)}");
        Assert.That(found.GetProperty("data").GetArrayLength(), Is.EqualTo(2), "a search by the full address finds the anonymised events through the keyed hash");
        var dump = (await StorageDump.PostgresAsync(_factory)).ToLowerInvariant();
        Assert.That(dump, Does.Not.Contain(person.ToLowerInvariant()).And.Not.Contain(JsonEncodedText.Encode(person).ToString().ToLowerInvariant()));
        Assert.That(dump, Does.Not.Contain(subject.ToLowerInvariant()), "no row keeps the anonymised message's subject");
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { never_anonymize = true })).EnsureSuccessStatusCode();
    }

    [Test]
    public async Task DataOlderThanATenantsRetentionIsDeletedAndPartitionsOlderThanTheLongestAreDropped()
    {
        using var other = await _factory.CreateTenantAsync(); // keeps the 30-day default
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { retention_days = 1 })).EnsureSuccessStatusCode();
        await using var db = new NpgsqlConnection(_factory.PostgresConnectionString);
        var threeDaysAgo = DateTime.UtcNow.AddDays(-3);
        var fortyDaysAgo = DateTime.UtcNow.AddDays(-40);
        const string insert = """
            INSERT INTO events (id, tenant_id, type, occurred_at, message_id, batch_id, sequence, recipient, recipient_domain, from_address)
            VALUES (@id, @tenant, 'ok', @at, @id, 'bat_old', 1, 'old@example.test', 'example.test', 'a@retain-acme.test')
            """;
        await db.OpenAsync();
        await using (var transaction = await db.BeginTransactionAsync())
        {
            // One transaction: the job (every 200 ms) must not drop the old partition between its creation and the rows.
            foreach (var day in new[] { threeDaysAgo, fortyDaysAgo })
            {
                await db.ExecuteAsync($"CREATE TABLE IF NOT EXISTS events_{day:yyyyMMdd} PARTITION OF events FOR VALUES FROM ('{day:yyyy-MM-dd} 00:00:00+00') TO ('{day.AddDays(1):yyyy-MM-dd} 00:00:00+00')", transaction: transaction);
            }

            await db.ExecuteAsync(insert, new { id = "evt_short_" + Guid.NewGuid().ToString("N"), tenant = _tenant.Id, at = threeDaysAgo }, transaction);
            await db.ExecuteAsync(insert, new { id = "evt_keep_" + Guid.NewGuid().ToString("N"), tenant = other.Id, at = threeDaysAgo }, transaction);
            await db.ExecuteAsync(insert, new { id = "evt_ancient_" + Guid.NewGuid().ToString("N"), tenant = other.Id, at = fortyDaysAgo }, transaction);
            await transaction.CommitAsync();
        }

        await EventuallyAsync(
            () => db.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE tenant_id = @t AND occurred_at < now() - interval '1 day'", new { t = _tenant.Id }),
            n => n == 0, "deleting the short-retention tenant's old events");
        // Only the 3-day-old one: the 40-day-old partition may go in the same run or the next (a run can start before the
        // rows were committed and delete after), which the partition check below waits for.
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT count(*) FROM events WHERE tenant_id = @t AND occurred_at > now() - interval '30 days'", new { t = other.Id }), Is.EqualTo(1),
            "the other tenant's 3-day-old event is within its 30 days");
        var partition = await EventuallyAsync(
            () => db.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = @name", new { name = $"events_{fortyDaysAgo:yyyyMMdd}" }),
            n => n == 0, "dropping the partition older than the longest retention");
        Assert.That(partition, Is.Zero);
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { retention_days = 30 })).EnsureSuccessStatusCode();
    }
}
