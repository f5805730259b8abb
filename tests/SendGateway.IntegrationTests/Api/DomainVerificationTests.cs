using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary><c>POST /v1/domains/{name}/verify</c> against the test DNS server: each record's state, missing ones named.</summary>
[TestFixture]
public sealed class DomainVerificationTests() : TenantFixture("api")
{
    private async Task<JsonElement> VerifyAsync(string name)
    {
        var response = await Tenant.Client.PostAsync($"/v1/domains/{name}/verify", null);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, string> States(JsonElement result) =>
        result.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("purpose").GetString()!, r => r.GetProperty("state").GetString()!);

    [Test]
    public async Task EachRecordIsReportedMissingUntilPublishedAndTheDomainIsVerifiedOnceItsDkimRecordIs()
    {
        var name = $"verify-{Guid.NewGuid():N}.test";
        var created = await (await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        var records = created.GetProperty("records").EnumerateArray().ToList();

        var before = await VerifyAsync(name);
        Assert.That(before.GetProperty("verified").GetBoolean(), Is.False);
        Assert.That(States(before), Is.EqualTo(new Dictionary<string, string> { ["dkim"] = "missing", ["spf"] = "missing", ["dmarc"] = "missing", ["return_path"] = "missing", ["tracking"] = "missing" }));

        var dkim = records.Single(r => r.GetProperty("purpose").GetString() == "dkim");
        TestEnvironment.Dns.AddTxt(dkim.GetProperty("name").GetString()!, "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrong");
        var spf = records.Single(r => r.GetProperty("purpose").GetString() == "spf").GetProperty("value").GetString()!;
        TestEnvironment.Dns.AddTxt(name, spf);
        var partial = await VerifyAsync(name);
        Assert.That(States(partial)["dkim"], Is.EqualTo("mismatch"), "a different key is reported as such");
        Assert.That(States(partial)["spf"], Is.EqualTo("verified"));
        Assert.That(States(partial)["return_path"], Is.EqualTo("missing"));
        Assert.That(partial.GetProperty("verified").GetBoolean(), Is.False, "another key proves nothing");

        // The return-path CNAME is not required (VERP addresses are on the platform's bounce domain): the DKIM key is.
        TestEnvironment.Dns.AddTxt(dkim.GetProperty("name").GetString()!, dkim.GetProperty("value").GetString()!);
        var after = await VerifyAsync(name);
        Assert.That(States(after)["dkim"], Is.EqualTo("verified"));
        Assert.That(States(after)["return_path"], Is.EqualTo("missing"));
        Assert.That(States(after)["dmarc"], Is.EqualTo("missing"), "DMARC is reported but not required");
        Assert.That(after.GetProperty("verified").GetBoolean(), Is.True);
        Assert.That((await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/domains/{name}")).GetProperty("verified").GetBoolean(), Is.True);
    }

    [Test]
    public async Task AnotherTenantsDomainIs404()
    {
        using var other = await Factory.CreateTenantAsync();
        var name = $"mine-{Guid.NewGuid():N}.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name })).EnsureSuccessStatusCode();
        Assert.That((int)(await other.Client.PostAsync($"/v1/domains/{name}/verify", null)).StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task TheSpfGuidanceAuthorizesTheServiceToBeMergedAndAnExistingDmarcRecordIsKept()
    {
        var name = $"guide-{Guid.NewGuid():N}.test";
        var created = await (await Tenant.Client.PostAsJsonAsync("/v1/domains", new { name })).Content.ReadFromJsonAsync<JsonElement>();
        var records = created.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("purpose").GetString()!);
        var spf = records["spf"].GetProperty("value").GetString()!;
        Assert.That(spf, Does.StartWith("v=spf1 ").And.Not.Contain(" a mx"), "the service's sending addresses, not the tenant's own servers");
        Assert.That(records["spf"].GetProperty("note").GetString(), Does.Contain("two SPF records are an error"));
        Assert.That(records["dmarc"].GetProperty("note").GetString(), Does.Contain("never replace"));

        const string Dmarc = "v=DMARC1; p=reject; rua=mailto:dmarc@guide.test";
        TestEnvironment.Dns.AddTxt($"_dmarc.{name}", Dmarc);
        TestEnvironment.Dns.AddTxt(name, "v=spf1 include:_spf.other-provider.test -all");
        var checks = (await VerifyAsync(name)).GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("purpose").GetString()!);
        Assert.That(checks["dmarc"].GetProperty("state").GetString(), Is.EqualTo("verified"));
        Assert.That(checks["dmarc"].GetProperty("expected").GetString(), Is.EqualTo(Dmarc), "the existing record is what to keep, not p=none");
        Assert.That(checks["dmarc"].GetProperty("note").GetString(), Does.Contain("keep it"));
        Assert.That(checks["spf"].GetProperty("state").GetString(), Is.EqualTo("mismatch"), "an SPF record without the service's mechanisms does not authorize it");
        Assert.That(checks["spf"].GetProperty("note").GetString(), Does.Contain("add " + spf["v=spf1 ".Length..^" ~all".Length]).And.Contain("single SPF record"));

        TestEnvironment.Dns.AddTxt(name, spf);
        var twice = (await VerifyAsync(name)).GetProperty("records").EnumerateArray().Single(r => r.GetProperty("purpose").GetString() == "spf");
        Assert.That((twice.GetProperty("state").GetString(), twice.GetProperty("note").GetString()), Is.EqualTo(("mismatch", twice.GetProperty("note").GetString())));
        Assert.That(twice.GetProperty("note").GetString(), Does.Contain("2 SPF records, which is an error"));
    }
}
