using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>Issue 4 done-when: an always-451 destination ends in <c>hardbounce</c> <c>MessageExpired</c> with a short configured lifetime.</summary>
[TestFixture]
public sealed class ExpiryTests
{
    [Test]
    public async Task AnAlways451DestinationIsRetriedThenExpires()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?> { ["SendGateway:Delivery:MaxQueueLifetime"] = "00:00:03" });
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "expiry-acme.test");
        var response = await tenant.SendAsync(new { from = new { email = "a@expiry-acme.test" }, to = new[] { new { email = $"tempfail-always-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "s", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;

        var message = await tenant.WaitForStatusAsync(id, "hardbounce", seconds: 30);
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Count(e => e.GetProperty("type").GetString() == "softbounce"), Is.GreaterThanOrEqualTo(2), "every attempt is a softbounce with the reply");
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "softbounce").Select(e => e.GetProperty("smtp").GetProperty("code").GetInt32()), Is.All.EqualTo(451));
        var last = events[^1];
        Assert.That(last.GetProperty("type").GetString(), Is.EqualTo("hardbounce"));
        Assert.That(last.GetProperty("bounce").GetProperty("class").GetString(), Is.EqualTo("MessageExpired"));
    }
}
