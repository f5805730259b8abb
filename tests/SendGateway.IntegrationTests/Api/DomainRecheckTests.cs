using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// Issue 31 §1: verified domains are looked up again (here every second); a DKIM record missing for N checks in a row
/// stops the domain, with a <c>domain.unverified</c> webhook event and an audit entry; publishing it again and
/// verifying resumes it.
/// </summary>
[TestFixture]
public sealed class DomainRecheckTests
{
    private SendGatewayFactory _factory = null!;
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _factory = new SendGatewayFactory("api,events", new Dictionary<string, string?>
        {
            ["SendGateway:Domains:RecheckInterval"] = "00:00:01",
            ["SendGateway:Domains:SweepInterval"] = "00:00:00.200",
            ["SendGateway:Domains:MissingChecksToStop"] = "2",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private static object Message(string from) => new { from = new { email = from }, to = new[] { new { email = "ann@recheck-rcpt.test" } }, subject = "Hi", text = "Hello" };

    [Test]
    public async Task ADkimRecordMissingForNChecksStopsTheDomainWithAWebhookEventAndAnAuditEntryAndVerifyingResumesIt()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var hook = await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.UrlFor("recheck"), events = new[] { "domain.unverified" }, batch_size = 10 });
        Assert.That(hook.StatusCode, Is.EqualTo(HttpStatusCode.Created), await hook.Content.ReadAsStringAsync());
        await _receiver.ConfigureAsync("recheck", (await hook.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!, 200);

        var name = $"recheck-{Guid.NewGuid():N}"[..20] + ".test";
        var domain = await SendGatewayFactory.AddDomainAsync(tenant, name);
        Assert.That((await tenant.SendAsync(Message($"news@{name}"))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        var dkimName = domain.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "dkim").GetProperty("name").GetString()!;
        TestEnvironment.Dns.RemoveTxt(dkimName);
        var stopped = await Polling.UntilAsync(() => tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/domains/{name}"), d => !d.GetProperty("verified").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(stopped.GetProperty("verified").GetBoolean(), Is.False, "the re-check stopped the domain");
        Assert.That(stopped.GetProperty("unverified_at").ValueKind, Is.EqualTo(JsonValueKind.String), "the panel's notice says when");

        var refused = await tenant.SendAsync(Message($"news@{name}"));
        Assert.That((int)refused.StatusCode, Is.EqualTo(422), "nothing is sent from it any more");
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Does.EndWith("domain_not_verified"));

        var received = await Polling.UntilAsync(() => _receiver.ReceivedAsync("recheck"), r => r.Count > 0, TimeSpan.FromSeconds(60));
        Assert.That(received, Is.Not.Empty, "a domain.unverified webhook was delivered");
        Assert.That(received[0].Verified, Is.True, "signed like every webhook");
        var e = received[0].Events().Single();
        Assert.That((e.GetProperty("type").GetString(), e.GetProperty("domain").GetString(), e.GetProperty("missing_checks").GetInt32()), Is.EqualTo(("domain.unverified", name, 2)));
        Assert.That(e.GetProperty("record").GetProperty("name").GetString(), Is.EqualTo(dkimName), "the record to publish again");

        var audit = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("target").GetString())).ToList();
        Assert.That(audit, Does.Contain(("domain.unverified", $"name={name}")));

        TestEnvironment.Dns.AddTxt(dkimName, domain.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "dkim").GetProperty("value").GetString()!);
        var verified = await (await tenant.Client.PostAsync($"/v1/domains/{name}/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(verified.GetProperty("verified").GetBoolean(), Is.True);
        Assert.That((await tenant.SendAsync(Message($"news@{name}"))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "verifying again resumes it");
    }

    [Test]
    public async Task APendingClaimOlderThanTheExpiryIsRemovedAndAYoungerOneIsKept()
    {
        using var tenant = await _factory.CreateTenantAsync();
        var old = $"stale-{Guid.NewGuid():N}"[..20] + ".test";
        var young = $"young-{Guid.NewGuid():N}"[..20] + ".test";
        foreach (var name in new[] { old, young })
        {
            var added = await tenant.Client.PostAsJsonAsync("/v1/domains", new { name });
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created), await added.Content.ReadAsStringAsync());
        }

        await using (var db = new Npgsql.NpgsqlConnection(_factory.PostgresConnectionString))
        {
            // Claimed 31 days ago: past Domains:PendingClaimExpiry (30 days), never verified.
            await Dapper.SqlMapper.ExecuteAsync(db, "UPDATE domains SET claimed_at = now() - interval '31 days' WHERE tenant_id = @tenant AND name = @old", new { tenant = tenant.Id, old });
        }

        var gone = await Polling.UntilAsync(async () => (await tenant.Client.GetAsync($"/v1/domains/{old}")).StatusCode, status => status == HttpStatusCode.NotFound, TimeSpan.FromSeconds(30));
        Assert.That(gone, Is.EqualTo(HttpStatusCode.NotFound), "the stale claim is removed by the sweep");
        Assert.That((await tenant.Client.GetAsync($"/v1/domains/{young}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a claim younger than the expiry stays");
    }
}
