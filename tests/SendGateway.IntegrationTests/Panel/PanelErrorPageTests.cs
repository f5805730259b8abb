using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Panel;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 39: under <c>/panel</c> a browser gets the panel's HTML page for 403, 404 and 500 (its look, a title, a link
/// back to the overview, the status kept, the security headers on), while the REST API keeps answering problem details.
/// </summary>
[TestFixture]
public sealed class PanelErrorPageTests : PanelPageFixture
{
    [Test]
    public async Task AnUnknownPanelPageIsAStyled404WhileTheApiKeepsProblemDetails()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var page = await SignedInAsync(tenant.Id, PanelRoles.Developer);

        var answer = await page.GotoAsync("/panel/no-such-page");
        Assert.That(answer!.Status, Is.EqualTo(404));
        Assert.That(answer.Headers["content-type"], Does.StartWith("text/html"));
        Assert.That(answer.Headers["content-security-policy"], Is.EqualTo(PanelSecurityHeaders.Policy));
        await Assertions.Expect(page).ToHaveTitleAsync("Page not found · SendGateway");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToHaveAttributeAsync("href", "/panel");
        await PanelBrowser.CheckAsync(page, "not-found");

        var template = await page.GotoAsync("/panel/templates/tpl_doesnotexist");
        Assert.That(template!.Status, Is.EqualTo(404));
        Assert.That(template.Headers["content-type"], Does.StartWith("text/html"));
        await Assertions.Expect(page).ToHaveTitleAsync("Page not found · SendGateway");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToBeVisibleAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/no-such-resource");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8"); // as a browser asks
        using var api = await tenant.Client.SendAsync(request);
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(api.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task APageTheRoleDoesNotOpenAnswers403()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var viewer = await SignedInAsync(tenant.Id, PanelRoles.Viewer);
        var answer = await viewer.GotoAsync("/panel/users");
        Assert.That(new Uri(viewer.Url).AbsolutePath, Is.EqualTo("/panel/denied"));
        Assert.That(answer!.Status, Is.EqualTo(403));
        Assert.That(answer.Headers["content-security-policy"], Is.EqualTo(PanelSecurityHeaders.Policy));
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToHaveAttributeAsync("href", "/panel");
    }

    [Test]
    public async Task AFailureOfTheServerIsAStyled500()
    {
        // A real failure, not a fake: the server's own PostgreSQL is stopped under a signed-in person (sessions live in Redis).
        await using var stores = await StoreFaults.StartAsync(redis: false, postgres: true);
        await using var factory = new SendGatewayFactory("api,relay", stores.Settings());
        factory.StartServer();
        using var tenant = await factory.CreateTenantAsync();
        var email = $"admin-{Guid.NewGuid():N}@people.test";
        var created = (await factory.Services.GetRequiredService<UserAccounts>().CreateAsync(tenant.Id, email, PanelRoles.Admin, null, true, CancellationToken.None))!;
        var secret = Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);
        var admin = await Browser.SignedInAsync($"http://127.0.0.1:{factory.HttpPort}", email, created.Password!, secret);

        await stores.BreakAsync(StoreKind.Postgres, StoreFault.Kill);
        var answer = await admin.GotoAsync("/panel/audit");
        Assert.That(answer!.Status, Is.EqualTo(500));
        Assert.That(answer.Headers["content-type"], Does.StartWith("text/html"));
        Assert.That(answer.Headers["content-security-policy"], Is.EqualTo(PanelSecurityHeaders.Policy), "the headers again after the handler cleared the response");
        await Assertions.Expect(admin).ToHaveTitleAsync("Something went wrong · SendGateway");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Back to the overview" })).ToBeVisibleAsync();
        await PanelBrowser.CheckAsync(admin, "server-error");
    }
}
