using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// A one-click unsubscribe is a person's request and must not be lost: while Redis (where it is recorded) is down the
/// POST answers 503 with Retry-After, never a 200 that records nothing, and the retry after the outage records it once.
/// </summary>
[TestFixture]
public sealed class UnsubscribeOutageTests
{
    [Test]
    public async Task AnUnsubscribeDuringARedisOutageIs503AndTheRetryRecordsIt()
    {
        await using var stores = await StoreFaults.StartAsync();
        var settings = stores.Settings("connectTimeout=1000,syncTimeout=1500,asyncTimeout=1500");
        settings["SendGateway:Resilience:OutageMaxBackoff"] = "00:00:00.500";
        await using var factory = new SendGatewayFactory("api,delivery,events", settings);
        using var tenant = await factory.CreateTenantAsync();
        const string Domain = "unsub-outage.test";
        await SendGatewayFactory.AddDomainAsync(tenant, Domain);
        var rcpt = $"outage-{Guid.NewGuid():N}@mx-ok.test";
        var send = await tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = rcpt } }, subject = "News", text = "t", stream = "broadcast" });
        await tenant.WaitForStatusAsync((await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, "ok");
        var page = new Uri(TestEnvironment.Mx1.For(rcpt).Single().Parse().Headers[HeaderId.ListUnsubscribe]!.Split(", ")[0].Trim('<', '>')).PathAndQuery;
        using var http = factory.CreateClient();
        static FormUrlEncodedContent OneClick() => new([new KeyValuePair<string, string>("List-Unsubscribe", "One-Click")]);

        await stores.BreakAsync(StoreKind.Redis, StoreFault.Kill);
        var refused = await http.PostAsync(page, OneClick());
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);

        await stores.RepairAsync(StoreKind.Redis);
        var retried = await Polling.UntilAsync(async () => await http.PostAsync(page, OneClick()), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var suppression = await Polling.UntilAsync(
            async () => await tenant.Client.GetAsync($"/v1/suppressions/{Uri.EscapeDataString(rcpt)}"), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(30));
        Assert.That((await suppression.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString(), Is.EqualTo("unsubscribe"));
    }
}
