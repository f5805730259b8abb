using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T96: every route of the OpenAPI document, called with tenant B's key and tenant A's ids, answers 404
/// (never A's data, never a 403 that confirms existence); lists and filters never show A's data to B. A route added
/// to the API without an entry here fails the sweep.
/// </summary>
[TestFixture]
public sealed class IsolationSweepTests() : TenantFixture("api,delivery,events", "isolation-a.test")
{
    private readonly Dictionary<string, string> _ownedByA = new();
    private TestTenant _b = null!;

    [OneTimeSetUp]
    public async Task CreateResourcesAsync()
    {
        var send = await Tenant.SendAsync(new { from = new { email = "a@isolation-a.test" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" });
        var messageId = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(messageId, "ok");
        _ownedByA["/v1/messages/{id}"] = messageId;
        _ownedByA["/v1/domains/{name}"] = "isolation-a.test";
        _ownedByA["/v1/smtp-credentials/{id}"] = await IdOfAsync(await Tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "a" }));
        _ownedByA["/v1/webhooks/{id}"] = await IdOfAsync(await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/a" }));
        _ownedByA["/v1/api-keys/{id}"] = await IdOfAsync(await Tenant.Client.PostAsJsonAsync("/v1/api-keys", new { name = "a" }));
        var suppressed = $"a-only-{Guid.NewGuid():N}@isolation.test";
        (await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = suppressed } } })).EnsureSuccessStatusCode();
        _ownedByA["/v1/suppressions/{email}"] = suppressed;
        // An invitation makes the account only when its link is used: A's user is made as the command line makes one.
        _ownedByA["/v1/users/{id}"] = (await Factory.Services.GetRequiredService<SendGateway.Server.Users.UserAccounts>().CreateAsync(
            Tenant.Id, $"isolation-{Guid.NewGuid():N}@people.test", "viewer", null, enrolTotp: false, CancellationToken.None))!.Id;
        _ownedByA["/v1/streams/{id}"] = await IdOfAsync(await Tenant.Client.PostAsJsonAsync("/v1/streams", new { id = "a-only", name = "a", kind = "broadcast" }));
        _ownedByA["/v1/templates/{id}"] = await IdOfAsync(await Tenant.Client.PostAsJsonAsync("/v1/templates", new { name = "a", subject = "s", text = "t" }));
        _b = await Factory.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public void DisposeB() => _b.Dispose();

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private string? IdFor(string template) =>
        _ownedByA.Where(o => template == o.Key || template.StartsWith(o.Key + "/", StringComparison.Ordinal)).Select(o => o.Value).FirstOrDefault();

    [Test]
    public async Task EveryRouteWithAnIdAnswers404ToAnotherTenantAndChangesNothing()
    {
        using var anonymous = Factory.CreateClient();
        var spec = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();
        var checkedRoutes = new List<string>();
        foreach (var (template, operations) in spec)
        {
            if (!template.Contains('{') || template.StartsWith("/v1/admin/", StringComparison.Ordinal))
            {
                continue;
            }

            var id = IdFor(template);
            Assert.That(id, Is.Not.Null, $"{template} is not covered by the isolation sweep: add the resource it names");
            var path = System.Text.RegularExpressions.Regex.Replace(template.Replace("{version}", "1", StringComparison.Ordinal), "\\{[^}]+\\}", Uri.EscapeDataString(id!));
            foreach (var (method, _) in operations!.AsObject())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
                if (method is "post" or "put" or "patch")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                var response = await _b.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.That((int)response.StatusCode, Is.EqualTo(404), $"{method.ToUpperInvariant()} {template} with another tenant's id: {body}");
                Assert.That(body, Does.Not.Contain(id!), $"{method.ToUpperInvariant()} {template} echoed the other tenant's id");
                checkedRoutes.Add($"{method} {template}");
            }
        }

        Assert.That(checkedRoutes, Has.Count.GreaterThanOrEqualTo(12), string.Join("\n", checkedRoutes));
        foreach (var (template, id) in _ownedByA)
        {
            var path = template.Replace(template[template.IndexOf('{')..], Uri.EscapeDataString(id), StringComparison.Ordinal);
            if (template is not "/v1/api-keys/{id}" and not "/v1/smtp-credentials/{id}")
            {
                Assert.That((await Tenant.Client.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK), $"A's {template} must survive B's attempts");
            }
        }
    }

    [TestCase("/v1/domains")]
    [TestCase("/v1/smtp-credentials")]
    [TestCase("/v1/webhooks")]
    [TestCase("/v1/api-keys")]
    [TestCase("/v1/suppressions")]
    [TestCase("/v1/suppressions/export")]
    [TestCase("/v1/templates")]
    [TestCase("/v1/users")]
    [TestCase("/v1/events")]
    [TestCase("/v1/stats")]
    public async Task ListsShowNothingOfAnotherTenant(string path)
    {
        var body = await _b.Client.GetStringAsync(path);
        foreach (var id in _ownedByA.Values)
        {
            Assert.That(body, Does.Not.Contain(id), $"{path} shows tenant A's {id}");
        }
    }

    [Test]
    public async Task FiltersWithAnotherTenantsIdsFindNothing()
    {
        var events = await _b.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={_ownedByA["/v1/messages/{id}"]}");
        Assert.That(events.GetProperty("data").GetArrayLength(), Is.Zero);
        var suppressions = await _b.Client.GetFromJsonAsync<JsonElement>($"/v1/suppressions?email={Uri.EscapeDataString(_ownedByA["/v1/suppressions/{email}"])}");
        Assert.That(suppressions.GetProperty("data").GetArrayLength(), Is.Zero);
    }

    [TestCase("GET", "/v1/admin/tenants")]
    [TestCase("POST", "/v1/admin/tenants")]
    public async Task OperatorRoutesRefuseTenantKeys(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        Assert.That((await _b.Client.SendAsync(request)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
