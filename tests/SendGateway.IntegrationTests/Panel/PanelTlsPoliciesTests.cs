using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Delivery.TlsPolicy.MtaSts;
using SendGateway.Server.TlsReports;
using SendGateway.Server.Users;

namespace SendGateway.IntegrationTests.Panel;

/// <summary>
/// The operator's view of transport security: a recipient domain's cached MTA-STS policy and today's TLS sessions to it
/// (as delivery counts them for the domain's TLS report) appear in <c>GET /v1/admin/tls-policies</c> and on the
/// console's TLS policies page, failures by result type.
/// </summary>
[TestFixture]
public sealed class PanelTlsPoliciesTests : PanelPageFixture
{
    [Test]
    public async Task AnOperatorSeesACachedPolicyAndTodaysTlsFailuresOfItsDomain()
    {
        var domain = $"console-{Guid.NewGuid():N}"[..20] + ".sts.test";
        var policy = new MtaStsPolicy(MtaStsMode.Enforce, [$"mx1.{domain}"], TimeSpan.FromDays(1), "v1", $"version: STSv1\nmode: enforce\nmx: mx1.{domain}\nmax_age: 86400\n");
        await Factory.Services.GetRequiredService<MtaStsStore>().SaveAsync(domain, policy, DateTime.UtcNow, CancellationToken.None);
        // What delivery does per session when TLS reports are on: two sessions refused for the certificate's name, one verified.
        var sink = ActivatorUtilities.CreateInstance<RedisTlsReportSink>(Factory.Services);
        var sts = new TlsReportPolicy(TlsReportPolicy.Sts, policy.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), policy.Mx);
        await sink.RecordAsync(new TlsSessionResult(domain, sts, TlsResultTypes.CertificateHostMismatch, $"mx1.{domain}", "127.0.0.37", "127.0.0.1"), CancellationToken.None);
        await sink.RecordAsync(new TlsSessionResult(domain, sts, TlsResultTypes.CertificateHostMismatch, $"mx1.{domain}", "127.0.0.37", "127.0.0.1"), CancellationToken.None);
        await sink.RecordAsync(new TlsSessionResult(domain, sts, null, $"mx1.{domain}", "127.0.0.37", "127.0.0.1"), CancellationToken.None);

        using var admin = Factory.CreateAdminClient();
        var listed = await Polling.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/tls-policies?domain={domain}")).GetProperty("data")[0],
            row => row.TryGetProperty("sessions_today", out var today) && today.ValueKind == JsonValueKind.Object && today.GetProperty("failed").GetInt64() + today.GetProperty("successful").GetInt64() == 3,
            TimeSpan.FromSeconds(30));
        Assert.That(listed.GetProperty("mode").GetString(), Is.EqualTo("enforce"));
        var sessions = listed.GetProperty("sessions_today");
        Assert.That(sessions.GetProperty("successful").GetInt64(), Is.EqualTo(1), listed.ToString());
        Assert.That(sessions.GetProperty("failed").GetInt64(), Is.EqualTo(2), listed.ToString());
        Assert.That(sessions.GetProperty("failures_by_result").GetProperty("certificate-host-mismatch").GetInt64(), Is.EqualTo(2), listed.ToString());

        var page = await SignedInAsync(null, PanelRoles.Operator);
        await page.GetByRole(AriaRole.Link, new() { Name = "TLS policies" }).ClickAsync();
        var row = page.Locator($"tr[data-domain='{domain}']");
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("enforce");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync($"mx1.{domain}");
        await Assertions.Expect(row.Locator("td").Nth(5)).ToContainTextAsync("1 ok, 2 failed (certificate-host-mismatch: 2)");
        await PanelBrowser.CheckAsync(page, "operator-tls-policies");
    }
}
