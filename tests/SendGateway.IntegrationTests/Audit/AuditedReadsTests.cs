using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;

namespace SendGateway.IntegrationTests.Audit;

/// <summary>
/// reliability.md T107, the reads <see cref="AuditLogTests"/> does not drive: a read of the audit log is itself recorded,
/// and so are recipient-level searches and suppression reads, each under the searched address's keyed hash (the
/// object of the read), never the address.
/// </summary>
[TestFixture]
public sealed class AuditedReadsTests() : TenantFixture("api")
{
    private async Task<List<JsonElement>> AuditAsync() =>
        (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();

    [Test]
    public async Task ReadsOfTheAuditLogAndSearchesByRecipientAreRecordedUnderTheKeyedHash()
    {
        var person = $"searched-{Guid.NewGuid():N}@example.test";
        var hash = Factory.Services.GetRequiredService<AddressHashes>().For(person);
        var before = await AuditAsync();

        (await Tenant.Client.GetAsync($"/v1/events?recipient={Uri.EscapeDataString(person)}")).EnsureSuccessStatusCode();
        (await Tenant.Client.GetAsync($"/v1/privacy/export?email={Uri.EscapeDataString(person)}")).EnsureSuccessStatusCode();
        (await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = person } } })).EnsureSuccessStatusCode();
        (await Tenant.Client.GetAsync($"/v1/suppressions/{person}")).EnsureSuccessStatusCode();
        (await Tenant.Client.GetAsync("/v1/suppressions")).EnsureSuccessStatusCode();

        var log = await AuditAsync();
        var added = log.Where(e => before.All(b => b.GetProperty("id").GetInt64() != e.GetProperty("id").GetInt64())).ToList();
        var reads = added.Select(e => (Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").ValueKind == JsonValueKind.String ? e.GetProperty("target").GetString() : null)).ToList();
        Assert.That(reads, Does.Contain(("read GET /v1/audit-log", (string?)null)), "the read of the audit log before the searches is recorded: " + string.Join("; ", reads));
        Assert.That(reads, Does.Contain(("read GET /v1/events", $"recipient={hash}")), "the event search names whom it searched, by keyed hash");
        Assert.That(reads, Does.Contain(("read GET /v1/privacy/export", $"email={hash}")), "the export names whom it exported, by keyed hash");
        Assert.That(reads, Does.Contain(("read GET /v1/suppressions/{email}", $"email={hash}")), "a suppression check is a read of recipient data");
        Assert.That(reads.Select(r => r.Action), Does.Contain("read GET /v1/suppressions"), "the suppression list holds addresses");
        Assert.That(added.Select(e => e.GetProperty("actor").GetString()), Is.All.StartWith("key:"));
        Assert.That(JsonSerializer.Serialize(log), Does.Not.Contain(person).IgnoreCase, "addresses are recorded only as keyed hashes");
    }
}
