using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Issue 39 §3: the detail pages (a delivered message, its kept content, a template with two versions) and the lists
/// whose tables then have rows (overview by tag, templates, a webhook's deliveries, suppressions, keys, audit, activity),
/// at 390, 1366 and 1920 px: nothing wider than the window, nothing serious for axe-core, a screenshot of each. On a
/// phone the tables stack, each labelled cell showing its column's heading before its value; on a desktop they do not.
/// </summary>
[TestFixture]
public sealed class PanelDetailWidthsTests() : PanelPageFixture("api,relay,delivery,events")
{
    private static readonly int[] Widths = [390, 1366, 1920];

    private const string FirstRowLabels = """
        () => [...document.querySelectorAll('main table')].flatMap(table => {
            const headings = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
            const row = table.querySelector('tbody tr');
            return row ? [...row.cells].filter(c => c.matches('td[data-label]'))
                .map(c => [headings[c.cellIndex], c.dataset.label, getComputedStyle(c, '::before').content]) : [];
        })
        """;

    [Test]
    public async Task DetailPagesWithRowsFitEveryWidthAndStackTheirRowsWithLabelsOnAPhone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await Factory.CreateTenantAsync();
        var message = await MessageWithKeptContentAsync(tenant);
        await TemplateWebhookAndSuppressionAsync(tenant, receiver);
        var page = await SignedInAsync(tenant.Id, PanelRoles.Owner);
        string[] paths = ["/panel", $"/panel/messages/{message}", $"/panel/messages/{message}/content", "/panel/templates", "/panel/templates/welcome",
            "/panel/webhooks", "/panel/suppressions", "/panel/keys", "/panel/audit", "/panel/activity"];
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 900);
            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                if (sizes[0] > sizes[1])
                {
                    problems.Add($"{path} at {width}: {sizes[0]} px wide");
                }

                foreach (var cell in await page.EvaluateAsync<string[][]>(FirstRowLabels))
                {
                    var (heading, label, shown) = (cell[0], cell[1], cell[2]);
                    var expected = width <= 900 ? $"\"{heading}\"" : "none";
                    if (label != heading || shown != expected)
                    {
                        problems.Add($"{path} at {width}: the cell under '{heading}' is labelled '{label}' and shows {shown} before its value, not {expected}");
                    }
                }

                var name = $"{path.Replace('/', '_')}-{width}";
                problems.AddRange((await PanelBrowser.SeriousViolationsAsync(page, name)).Select(v => $"{name}: {v}"));
            }
        }

        Assert.That(problems, Is.Empty, string.Join("\n", problems));
        await page.SetViewportSizeAsync(390, 900);
        await page.GotoAsync($"/panel/messages/{message}");
        var first = await page.Locator("tr[data-event] td").First.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content");
        Assert.That(first, Is.EqualTo("\"Time (UTC)\""), "on a phone the event's first cell leads with its column's heading");
    }

    private async Task<string> MessageWithKeptContentAsync(TestTenant tenant)
    {
        var domain = $"rows-{Guid.NewGuid():N}"[..16] + ".test";
        await SendGatewayFactory.AddDomainAsync(tenant, domain);
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { keep_content_days = 7 })).EnsureSuccessStatusCode();
        var response = await tenant.SendAsync(new
        {
            from = new { email = $"news@{domain}" }, to = new[] { new { email = $"a-rather-long-recipient-{Guid.NewGuid():N}@mx-ok.test" } },
            subject = "Rows", text = "Hello", tags = new[] { "onboarding-welcome-series" },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");
        await using var db = new Npgsql.NpgsqlConnection(Factory.PostgresConnectionString);
        await db.OpenAsync();
        await Polling.UntilAsync(
            async () => await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT count(*) FROM message_contents WHERE message_id = @id", new { id }), n => n == 1, TimeSpan.FromSeconds(30));
        return id;
    }

    private static async Task TemplateWebhookAndSuppressionAsync(TestTenant tenant, WebhookReceiver receiver)
    {
        (await tenant.Client.PostAsJsonAsync("/v1/templates", new { id = "welcome", name = "Welcome", subject = "Welcome", html = "<p>Hello</p>" })).EnsureSuccessStatusCode();
        (await tenant.Client.PutAsJsonAsync("/v1/templates/welcome", new { subject = "Welcome again", html = "<p>Hello again</p>", activate = false })).EnsureSuccessStatusCode();
        var hook = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.UrlFor("rows"), batch_size = 10 })).Content.ReadFromJsonAsync<JsonElement>();
        await receiver.ConfigureAsync("rows", hook.GetProperty("secret").GetString()!, 204);
        (await tenant.Client.PostAsync($"/v1/webhooks/{hook.GetProperty("id").GetString()}/test", null)).EnsureSuccessStatusCode();
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = "no-longer-wanted-here@example.test", reason = "unsubscribe" } } })).EnsureSuccessStatusCode();
    }
}
