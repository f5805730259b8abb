using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>"Send a test" on a template's page: through the normal send path to the signed-in person, and never for a viewer.</summary>
public sealed partial class PanelTests
{
    [Test]
    public async Task ADeveloperSendsATestOfATemplateToTheirOwnAddressAndAViewerCannot()
    {
        var id = $"test-{Guid.NewGuid():N}"[..20];
        (await _tenant.Client.PostAsJsonAsync("/v1/templates", new { id, name = "Test me", subject = "Hi {{ first_name }}", html = "<p>Hello {{ first_name }}</p>" })).EnsureSuccessStatusCode();

        var (email, page) = await SignedInAtTheSinkAsync(PanelRoles.Developer);
        await page.GotoAsync($"/panel/templates/{id}");
        await Assertions.Expect(page.Locator("#test-vars")).ToHaveValueAsync(new Regex("\"first_name\": \"\""));
        await Assertions.Expect(page.Locator("#test-from")).ToHaveValueAsync(new Regex("^test@"));
        await page.Locator("#test-from").FillAsync($"news@{Domain}");
        await page.Locator("#test-vars").FillAsync("{\"first_name\": \"Ada\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a test" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"queued for {email}");
        await PanelBrowser.CheckAsync(page, "template-test-sent");
        var messageId = await page.GetByRole(AriaRole.Status).Locator("code").TextContentAsync();

        var received = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(email).ToList()), m => m.Count > 0, TimeSpan.FromSeconds(60));
        var mail = received[0].Parse();
        Assert.That(mail.Subject, Is.EqualTo("Hi Ada"));
        Assert.That(mail.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { email }));
        Assert.That(mail.HtmlBody, Does.Contain("Hello Ada"));
        Assert.That(mail.Headers.Contains("DKIM-Signature"), "signed like any send");
        await _tenant.WaitForStatusAsync(messageId!, "ok");
        var message = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{messageId}");
        Assert.That(message.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Does.Contain("template-test"));

        var (viewerEmail, viewer) = await SignedInAtTheSinkAsync(PanelRoles.Viewer);
        await viewer.GotoAsync($"/panel/templates/{id}");
        await Assertions.Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Test me" })).ToBeVisibleAsync();
        await Assertions.Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Send a test" })).ToHaveCountAsync(0);
        var token = await viewer.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var forged = await viewer.APIRequest.PostAsync($"/panel/templates/{id}", new APIRequestContextOptions
        {
            Form = viewer.APIRequest.CreateFormData().Append("_handler", "send-test").Append("__RequestVerificationToken", token!)
                .Append("Form.From", $"news@{Domain}").Append("Form.Vars", "{\"first_name\": \"Eve\"}"),
        });
        Assert.That(forged.Status, Is.GreaterThanOrEqualTo(400), "a viewer's post of the form is refused");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That(TestEnvironment.Mx1.For(viewerEmail), Is.Empty, "nothing was sent for the viewer");
    }

    /// <summary>A person whose own address is delivered to the test MX (<c>mx-ok.test</c>), signed in.</summary>
    private async Task<(string Email, IPage Page)> SignedInAtTheSinkAsync(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@mx-ok.test";
        var created = (await _factory.Services.GetRequiredService<UserAccounts>().CreateAsync(_tenant.Id, email, role, null, true, CancellationToken.None))!;
        var secret = Base32Encoding.ToBytes(System.Web.HttpUtility.ParseQueryString(new Uri(created.OtpauthUri!).Query)["secret"]!);
        return (email, await _browser.SignedInAsync(_origin, email, created.Password!, secret));
    }
}
