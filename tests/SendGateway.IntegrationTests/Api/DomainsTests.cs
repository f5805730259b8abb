using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

[TestFixture]
public sealed class DomainsTests() : TenantFixture("api")
{
    [Test]
    public async Task CreatingADomainReturnsAnRsa2048DkimRecordAndSpfAndDmarc()
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name = "Mail.Example-Shop.test" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var domain = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(domain.GetProperty("name").GetString(), Is.EqualTo("mail.example-shop.test"));
        var records = domain.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("purpose").GetString()!);
        var selector = domain.GetProperty("dkim_selector").GetString();

        var dkim = records["dkim"];
        Assert.That(dkim.GetProperty("type").GetString(), Is.EqualTo("TXT"));
        Assert.That(dkim.GetProperty("name").GetString(), Is.EqualTo($"{selector}._domainkey.mail.example-shop.test"));
        var value = dkim.GetProperty("value").GetString()!;
        Assert.That(value, Does.StartWith("v=DKIM1; k=rsa; p="));
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(value["v=DKIM1; k=rsa; p=".Length..]), out _);
        Assert.That(rsa.KeySize, Is.EqualTo(2048));
        Assert.That(records["spf"].GetProperty("value").GetString(), Does.StartWith("v=spf1"));
        Assert.That(records["dmarc"].GetProperty("name").GetString(), Is.EqualTo("_dmarc.mail.example-shop.test"));
    }

    [Test]
    public async Task ListGetAndDeleteADomain()
    {
        await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name = "listed.test" });
        var list = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/domains");
        Assert.That(list.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("name").GetString()), Does.Contain("listed.test"));
        Assert.That((await Tenant.Client.GetAsync("/v1/domains/listed.test")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Tenant.Client.DeleteAsync("/v1/domains/listed.test")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await Tenant.Client.GetAsync("/v1/domains/listed.test")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("")]
    [TestCase("localhost")]
    [TestCase("bad_domain.test")]
    [TestCase("-lead.test")]
    [TestCase("x.te st")]
    public async Task AnInvalidDomainNameIs422(string name)
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task ADuplicateDomainIs409()
    {
        await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name = "twice.test" });
        var again = await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name = "twice.test" });
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }
}
