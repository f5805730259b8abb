using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// T112 (issue 31 §1): a tenant sends only from a domain it has proven (its DKIM record found in the real test DNS),
/// over REST and the relay alike, and a name proven by one tenant cannot be added by another.
/// </summary>
[TestFixture]
public sealed class SenderDomainProofTests : RelayFixture
{
    private static object Message(string from) => new { from = new { email = from }, to = new[] { new { email = "ann@proof-rcpt.test" } }, subject = "Hi", text = "Hello" };

    [Test]
    public async Task AnUnprovenDomainSendsNothingAndAProvenOneCannotBeAddedByAnotherTenant()
    {
        var name = $"paypal-{Guid.NewGuid():N}"[..19] + ".test";
        var claimed = await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name });
        Assert.That(claimed.StatusCode, Is.EqualTo(HttpStatusCode.Created), "anyone may claim a name; it proves nothing yet");
        var dkim = (await claimed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "dkim");

        var rest = await Tenant.SendAsync(Message($"service@{name}"));
        var problem = await rest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((int)rest.StatusCode, Is.EqualTo(422), problem.ToString());
        Assert.That(problem.GetProperty("type").GetString(), Does.EndWith("domain_not_verified"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(name).And.Contain(dkim.GetProperty("name").GetString()!), "names the domain and the record to publish");

        await using (var client = await AuthenticatedAsync())
        {
            Assert.That(await client.SendAsync($"MAIL FROM:<service@{name}>\r\n"), Does.StartWith($"553 5.7.1 <service@{name}>: Sender address rejected: not owned by user"),
                "the relay refuses at MAIL FROM, before any 250");
        }

        // Another tenant proves the name first: the first tenant's unverified claim does not stand in its way.
        using var owner = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(owner, name); // publishes its DKIM record and asserts the verify
        Assert.That((await owner.SendAsync(Message($"service@{name}"))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));

        // The first tenant publishes its own key as well: the name is taken, so it stays unverified and sends nothing.
        TestEnvironment.Dns.AddTxt(dkim.GetProperty("name").GetString()!, dkim.GetProperty("value").GetString()!);
        var late = await Tenant.Client.PostAsync($"/v1/domains/{name}/verify", null);
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await late.Content.ReadAsStringAsync());
        Assert.That((int)(await Tenant.SendAsync(Message($"service@{name}"))).StatusCode, Is.EqualTo(422));

        using var third = await Factory.CreateTenantAsync();
        var taken = await third.Client.PostAsJsonAsync("/v1/domains", new { name });
        var body = await taken.Content.ReadAsStringAsync();
        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), body);
        Assert.That(body, Does.Contain("domain_unavailable").And.Not.Contain(owner.Id), "no hint of who holds it");
    }
}
