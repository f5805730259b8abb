using System.Net;
using System.Net.Http.Json;
using Npgsql;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// The accept path needs PostgreSQL for the suppression check: when it cannot answer, the send is refused with 503 and
/// Retry-After (the client keeps the message), never accepted unchecked and never a 500.
/// </summary>
[TestFixture]
public sealed class PostgresOutageAtAcceptTests() : TenantFixture("api", "pg-outage.test")
{
    [Test]
    public async Task ASendWhilePostgresCannotAnswerIs503WithRetryAfterAndQueuesNothing()
    {
        var warm = await Tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "x@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "sender domain now cached, as in steady state");

        await using (var admin = new NpgsqlConnection(TestEnvironment.Storage.PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {Factory.PostgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var response = await Tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "y@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That((int)response.StatusCode, Is.EqualTo(503), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
        Assert.That((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).TryGetProperty("batch_id", out _), Is.False);
    }
}
