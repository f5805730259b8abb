using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Templates;

/// <summary>The stored templates' limits are options: templates per tenant, versions kept, bytes per template.</summary>
[TestFixture]
public sealed class TemplateLimitsTests
{
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api", new Dictionary<string, string?>
        {
            ["SendGateway:Templates:MaxTemplatesPerTenant"] = "2",
            ["SendGateway:Templates:MaxVersionsPerTemplate"] = "2",
            ["SendGateway:Templates:MaxTemplateBytes"] = "2048",
        });
        _tenant = await _factory.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    [Test]
    public async Task EachLimitIsEnforcedWithAClearError()
    {
        Assert.That((await _tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "a", name = "A", subject = "S", text = "1" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var tooBig = await _tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "big", name = "Big", subject = "S", text = new string('x', 3000) });
        Assert.That((await tooBig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("text")[0].GetString(), Is.EqualTo("The template is larger than 2048 bytes."));
        Assert.That((await _tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "b", name = "B", subject = "S", text = "1" })).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var third = await _tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "c", name = "C", subject = "S", text = "1" });
        Assert.That((int)third.StatusCode, Is.EqualTo(422));
        Assert.That((await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Does.EndWith("too_many_templates"));

        for (var i = 2; i <= 4; i++)
        {
            (await _tenant.Client.PutAsJsonAsync("/v1/templates/a", new { subject = "S", text = $"{i}", activate = i == 2 })).EnsureSuccessStatusCode();
        }

        // Version 2 stays because it is active; of the rest only the newest are kept, two in all besides it.
        var versions = (await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/templates/a")).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32());
        Assert.That(versions, Is.EqualTo(new[] { 4, 3, 2 }));
    }
}
