using System.Net;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// Accepting mail needs Redis only: the suppression check reads its Redis mirror and tenant settings fall back to the last
/// value read, so sends keep being accepted (and queued durably) while PostgreSQL is gone (reliability.md T92).
/// </summary>
[TestFixture]
public sealed class PostgresOutageAtAcceptTests() : TenantFixture("api", "pg-outage.test")
{
    [Test]
    public async Task SendsAreStillAcceptedWhilePostgresIsGoneEvenAfterTheSettingsCacheExpired()
    {
        var warm = await Tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "x@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "sender domain and settings now read once, as in steady state");

        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {Factory.PostgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var during = await Tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "y@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await during.Content.ReadAsStringAsync());

        await Task.Delay(TimeSpan.FromSeconds(6)); // past the 5 s settings cache: now the last known value is used
        var later = await Tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "z@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await later.Content.ReadAsStringAsync());
    }
}
