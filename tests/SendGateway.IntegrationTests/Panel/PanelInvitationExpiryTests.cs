using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users.Panel;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>An invitation link works for <c>SendGateway:Invitations:Lifetime</c> only (two seconds here): then its page refuses it and sets nothing.</summary>
[TestFixture]
public sealed class PanelInvitationExpiryTests() : PanelPageFixture(settings: new Dictionary<string, string?> { ["SendGateway:Invitations:Lifetime"] = "00:00:02" })
{
    [Test]
    public async Task AnExpiredLinkShowsTheRefusedPageAndMakesNoAccount()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var created = await (await tenant.Client.PostAsJsonAsync("/v1/users", new { email = $"late-{Guid.NewGuid():N}@people.test", role = "viewer" })).Content.ReadFromJsonAsync<JsonElement>();
        var url = created.GetProperty("invitation_url").GetString()!;
        var page = await Browser.NewPageAsync(Origin);

        // Opened until the page says it expired: a positive signal, with room for a loaded machine.
        await Polling.UntilAsync(async () =>
        {
            await page.GotoAsync(url);
            return await page.Locator("[data-welcome=refused]").CountAsync();
        }, refused => refused == 1, TimeSpan.FromSeconds(60));
        await Assertions.Expect(page.Locator("[data-welcome=refused]")).ToHaveTextAsync(WelcomePage.Refused);
        await Assertions.Expect(page.Locator("#password")).ToHaveCountAsync(0);
        Assert.That((await tenant.Client.GetAsync($"/v1/users/{created.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        var refused = (await tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "user.invitation_refused").Select(e => e.GetProperty("target").GetString()).ToList();
        Assert.That(refused, Has.Some.EndsWith("reason=expired"), "the expired attempt is audited");
    }
}
