using System.Net;
using System.Net.Http.Headers;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T42, failed authentication from one address: once that address's requests without a valid key get
/// 429, a valid key sent from the very same address is still served (the per-address bucket counts only requests
/// without a valid key), and a message sent with it is delivered.
/// </summary>
[TestFixture]
public sealed class AddressLimitTests
{
    [Test]
    public async Task AValidKeyFromAnAddressLimitedForFailedLoginsIsServedAndItsMessageDelivered()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            ["SendGateway:RateLimits:PerAddressPerSecond"] = "1", ["SendGateway:RateLimits:PerAddressBurst"] = "3",
        });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "address-limit.test");
        using var guesser = factory.CreateClient(); // the same in-process client address as the tenant's client
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sgk_guess_" + new string('x', 32));

        var guesses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => guesser.GetAsync("/v1/events")));
        Assert.That(guesses.Select(r => r.StatusCode), Does.Contain(HttpStatusCode.TooManyRequests), "the address is limited for its failed logins");
        Assert.That(guesses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));

        var rcpt = $"served-{Guid.NewGuid():N}@mx-ok.test";
        using var sent = await tenant.SendAsync(new { from = new { email = "a@address-limit.test" }, to = new[] { new { email = rcpt } }, subject = "s", text = "t" });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a valid key from the limited address is served");
        var more = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => guesser.GetAsync("/v1/events"))); // more than the burst of 3 can hold
        Assert.That(more.Select(r => r.StatusCode), Does.Contain(HttpStatusCode.TooManyRequests), "while guesses from it are still refused");
        var id = System.Text.Json.JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1), "delivered once");
    }
}
