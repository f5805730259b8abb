using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.CommandLine;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// <c>domain verify --force</c> (issue 31 §1): the operator's override for a domain on a private network sends without
/// a DNS record, is audited as an operator override and shown so; it cannot take a name another tenant proved.
/// </summary>
[TestFixture]
[NonParallelizable] // it reads the console
public sealed class DomainForceVerifyTests() : TenantFixture("api")
{
    private Task<(int Code, string Output)> RunAsync(params string[] args) =>
        ConsoleCapture.RunAsync(() => DomainVerifyCommand.RunAsync(Factory.Services, ["domain", "verify", .. args], CancellationToken.None));

    [Test]
    public async Task AForcedDomainSendsWithoutDnsIsAuditedAsAnOperatorOverrideAndCannotTakeAProvenName()
    {
        var name = $"intranet-{Guid.NewGuid():N}"[..21] + ".test";
        var message = new { from = new { email = $"app@{name}" }, to = new[] { new { email = "ann@force-rcpt.test" } }, subject = "Hi", text = "Hello" };
        var (code, output) = await RunAsync("--force", "--tenant", Tenant.Id, "--name", name);
        Assert.That(code, Is.Zero, output);

        var domain = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/domains/{name}");
        Assert.That((domain.GetProperty("verified").GetBoolean(), domain.GetProperty("verified_by").GetString()), Is.EqualTo((true, "operator")));
        Assert.That((await Tenant.SendAsync(message)).StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "no DKIM record anywhere, and it sends");
        var verify = await (await Tenant.Client.PostAsync($"/v1/domains/{name}/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(verify.GetProperty("verified").GetBoolean(), Is.True, "a DNS check finding nothing does not undo the override");

        var audit = (await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString(), a.GetProperty("target").GetString())).ToList();
        Assert.That(audit, Does.Contain(("operator (command line)", "domain verify --force", $"name={name}")));

        using var other = await Factory.CreateTenantAsync();
        Assert.That((await RunAsync("--force", "--tenant", other.Id, "--name", name)).Code, Is.EqualTo(1), "the name is held by the first tenant");
        Assert.That((int)(await other.Client.GetAsync($"/v1/domains/{name}")).StatusCode, Is.EqualTo(404), "and nothing was added for the other");
        Assert.That((await RunAsync("--tenant", Tenant.Id, "--name", name)).Code, Is.EqualTo(2), "--force is required");
    }
}
