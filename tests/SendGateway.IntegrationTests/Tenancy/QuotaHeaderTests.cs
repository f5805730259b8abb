using System.Net;
using System.Net.Http.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T42's quota header: a send by a tenant with a sending quota answers where the tenant stands in the
/// window with the fewest recipients left (<c>X-Quota-Limit</c>, <c>X-Quota-Remaining</c>, <c>X-Quota-Reset</c> in
/// seconds), on the 202 and on the quota's 429 alike; a tenant without a quota gets none.
/// </summary>
[TestFixture]
public sealed class QuotaHeaderTests
{
    [Test]
    public async Task ASendReportsTheQuotaLeftInTheTightestWindowAndATenantWithoutOneGetsNoHeader()
    {
        await using var factory = new SendGatewayFactory("api");
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "quota-header.test");
        object Send(int recipients) => new
        {
            from = new { email = "a@quota-header.test" }, subject = "s", text = "t",
            to = Enumerable.Range(0, recipients).Select(_ => new { email = $"q-{Guid.NewGuid():N}@example.test" }),
        };
        using (var unlimited = await tenant.SendAsync(Send(1)))
        {
            Assert.That(unlimited.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(unlimited.Headers.Contains("X-Quota-Limit"), Is.False, "no quota, no header");
        }

        using var admin = factory.CreateAdminClient();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{tenant.Id}", new { hourly_quota = 10, daily_quota = 5 })).EnsureSuccessStatusCode();
        var accepted = await Polling.UntilAsync(() => tenant.SendAsync(Send(2)), r => r.Headers.Contains("X-Quota-Limit"), TimeSpan.FromSeconds(30)); // the tenant cache renews
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(Header(accepted, "X-Quota-Limit"), Is.EqualTo(5), "the daily window has fewer left than the hourly one");
        Assert.That(Header(accepted, "X-Quota-Remaining"), Is.EqualTo(3));
        Assert.That(Header(accepted, "X-Quota-Reset"), Is.InRange(1, 86_400), "seconds until the UTC day ends");

        using var refused = await tenant.SendAsync(Send(4));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Header(refused, "X-Quota-Remaining"), Is.EqualTo(3), "nothing consumed by the refused send");
        Assert.That(Header(refused, "X-Quota-Reset"), Is.EqualTo((long)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds).Within(1));
    }

    private static long Header(HttpResponseMessage response, string name) => long.Parse(response.Headers.GetValues(name).Single());
}
