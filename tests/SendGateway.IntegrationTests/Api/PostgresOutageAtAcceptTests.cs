using System.Net;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Settings;
using SendGateway.Server.Tenants;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// Accepting mail needs Redis only: the suppression check reads its Redis mirror and tenant settings fall back to the last
/// value read, so sends keep being accepted (and queued durably) while PostgreSQL is gone (reliability.md T92).
/// </summary>
[TestFixture]
public sealed class PostgresOutageAtAcceptTests
{
    [Test]
    public async Task SendsAreStillAcceptedWhilePostgresIsGoneEvenAfterTheSettingsCacheExpired()
    {
        var clock = new AdjustableTimeProvider();
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        await using var factory = new SendGatewayFactory("api", stores.Settings(), clock: clock);
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "pg-outage.test");
        var warm = await tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "x@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(warm.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "sender domain and settings now read once, as in steady state");

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);

        var during = await tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "y@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(during.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await during.Content.ReadAsStringAsync());

        // Past the settings and tenant caches on the service's clock, without waiting for them: now the last known value is used.
        clock.Advance(Max(TenantSettingsStore.CacheTime, CachedTenants.CacheTime) + TimeSpan.FromSeconds(1));
        var later = await tenant.SendAsync(new { from = new { email = "a@pg-outage.test" }, to = new[] { new { email = "z@mx-ok.test" } }, subject = "s", text = "t" });
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await later.Content.ReadAsStringAsync());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
