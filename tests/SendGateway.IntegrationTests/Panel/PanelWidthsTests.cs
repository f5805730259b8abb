using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// Every page of the panel's navigation, for a tenant's owner and for an operator, at a phone's 390 px and at 1366 and
/// 1920 px: nothing wider than the window (no sideways scrolling), axe-core finds nothing serious, and a screenshot of
/// each is kept in the test's output.
/// </summary>
[TestFixture]
public sealed class PanelWidthsTests() : PanelPageFixture("api,relay")
{
    private static readonly int[] Widths = [390, 1366, 1920];

    [Test]
    public async Task EveryPageFitsAPhoneAndTwoDesktopWidthsWithoutSidewaysScrolling()
    {
        using var tenant = await Factory.CreateTenantAsync();
        var overflowing = new List<string>();
        foreach (var (who, page) in new[] { ("owner", await SignedInAsync(tenant.Id, PanelRoles.Owner)), ("operator", await SignedInAsync(null, PanelRoles.Operator)) })
        {
            var paths = await page.Locator("nav a[href^='/panel']").EvaluateAllAsync<string[]>("links => [...new Set(links.map(a => a.getAttribute('href')))]");
            Assert.That(paths, Is.Not.Empty, $"the {who}'s navigation");
            foreach (var width in Widths)
            {
                await page.SetViewportSizeAsync(width, 900);
                foreach (var path in paths.Where(p => p != "/panel/logout"))
                {
                    await page.GotoAsync(path);
                    var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                    var (scroll, inner) = (sizes[0], sizes[1]);
                    if (scroll > inner)
                    {
                        overflowing.Add($"{who} {path} at {width}: {scroll} px wide");
                    }

                    var name = $"{who}{path.Replace('/', '_')}-{width}";
                    overflowing.AddRange((await PanelBrowser.SeriousViolationsAsync(page, name)).Select(v => $"{name}: {v}"));
                }
            }
        }

        Assert.That(overflowing, Is.Empty, string.Join("\n", overflowing));
    }
}
