using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 32 §1 in the browser: the Keys page gives a key at most the person's role (it offers no more, and the server
/// refuses more when the form is tampered with), and says each key's role and who made it.
/// </summary>
[TestFixture]
public sealed class PanelKeyRoleTests : PanelPageFixture
{
    [Test]
    public async Task ADevelopersKeysPageOffersAndMakesNoKeyAboveDeveloper()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);
        await page.GotoAsync("/panel/keys");
        var roles = page.Locator("#key-role option");
        await Assertions.Expect(roles).ToHaveCountAsync(2);
        Assert.That(await roles.EvaluateAllAsync<string[]>("os => os.map(o => o.value)"), Is.EqualTo(new[] { "developer", "viewer" }));
        await Assertions.Expect(page.Locator("#key-role")).ToHaveValueAsync("developer");

        await page.GetByLabel("Name").FillAsync("tampered");
        await page.Locator("#scope-manage").CheckAsync();
        await page.EvaluateAsync("() => { const s = document.querySelector('#key-role'); s.add(new Option('owner', 'owner')); s.value = 'owner'; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at most its maker's role");
        await Assertions.Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-key='tampered']")).ToHaveCountAsync(0);

        await page.GetByLabel("Name").FillAsync("ci");
        await page.Locator("#scope-manage").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var key = (await page.Locator("#new-key").InnerTextAsync()).Trim();
        await Assertions.Expect(page.Locator("tr[data-key='ci'] td.key-role")).ToHaveTextAsync("developer");
        await Assertions.Expect(page.Locator("tr[data-key='ci']")).ToContainTextAsync("user:");
        await PanelBrowser.CheckAsync(page, "keys");

        using var client = Factory.Authorized(key);
        var users = await client.GetAsync("/v1/users");
        Assert.That(users.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a developer's manage key does not manage people");
        Assert.That(await users.Content.ReadAsStringAsync(), Does.Contain("role_ceiling"));
        var audit = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();
        Assert.That(audit.Any(e => e.GetProperty("action").GetString() == "refused POST /v1/api-keys"
            && e.GetProperty("actor").GetString()!.StartsWith("user:", StringComparison.Ordinal)), Is.True, "the tampered form's refusal is audited");
    }
}
