using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Tenancy;

/// <summary>
/// reliability.md T99: tenant A, with an hourly quota of <see cref="Quota"/>, sends 100 times its quota to the same MX
/// domain as tenant B while B sends its own mail. A gets 429 with Retry-After once its quota is used (its accepted
/// messages are a backlog ahead of B's); B's every send is accepted within a bound and delivered within a bound, once.
/// The bounds are generous for a loaded two-core test machine, far above what B sees alone and far below a stalled queue.
/// </summary>
[TestFixture]
public sealed class NoisyNeighbourTests
{
    private const int Quota = 200;
    private static readonly TimeSpan AcceptBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeliveryBound = TimeSpan.FromSeconds(45);

    [Test]
    public async Task ATenantFloodingPastItsQuotaIsRefusedWhileAnotherTenantsAcceptanceAndDeliveryStayWithinBounds()
    {
        await using var factory = new SendGatewayFactory("api,delivery,events");
        using var a = await factory.CreateTenantAsync();
        using var b = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(a, "noisy-a.test");
        await SendGatewayFactory.AddDomainAsync(b, "quiet-b.test");
        using (var admin = factory.CreateAdminClient())
        {
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{a.Id}", new { hourly_quota = Quota })).EnsureSuccessStatusCode();
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        object Flood(int i) => new
        {
            from = new { email = "a@noisy-a.test" }, subject = "flood", text = "t",
            to = Enumerable.Range(0, Quota).Select(j => new { email = $"a-{run}-{i}-{j}@mx-ok.test" }),
        };
        var flooding = Task.WhenAll(Enumerable.Range(0, 4).Select(lane => Task.Run(async () =>
        {
            var statuses = new List<HttpResponseMessage>();
            for (var i = lane; i < 100; i += 4)
            {
                statuses.Add(await a.SendAsync(Flood(i)));
            }

            return statuses;
        })));

        var accepted = new List<(string Id, string Rcpt, TimeSpan Took, Stopwatch Since)>();
        for (var i = 0; i < 20 || !flooding.IsCompleted; i++)
        {
            var rcpt = $"b-{run}-{i}@mx-ok.test";
            var took = Stopwatch.StartNew();
            using var response = await b.SendAsync(new { from = new { email = "b@quiet-b.test" }, to = new[] { new { email = rcpt } }, subject = "quiet", text = "t" });
            var elapsed = took.Elapsed;
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
            accepted.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, rcpt, elapsed, Stopwatch.StartNew()));
        }

        var flood = (await flooding).SelectMany(s => s).ToList();
        var refused = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        TestContext.Out.WriteLine($"A: {flood.Count(r => r.StatusCode == HttpStatusCode.Accepted)} accepted, {refused.Count} refused; B: {accepted.Count} sends, " +
            $"slowest accept {accepted.Max(x => x.Took).TotalMilliseconds:F0} ms");
        Assert.That(flood.Count(r => r.StatusCode == HttpStatusCode.Accepted), Is.EqualTo(1), "A's first request used its whole quota");
        Assert.That(refused, Has.Count.EqualTo(99), "every later request of A was refused");
        Assert.That(refused.Select(r => r.Headers.RetryAfter?.Delta), Has.All.GreaterThan(TimeSpan.Zero), "each with Retry-After");
        Assert.That(accepted.Max(x => x.Took), Is.LessThan(AcceptBound), "B's slowest accept while A floods");

        var delivered = await Task.WhenAll(accepted.Select(async x =>
        {
            await b.WaitForStatusAsync(x.Id, "ok", (int)DeliveryBound.TotalSeconds + 15);
            return x.Since.Elapsed;
        }));
        var slowest = delivered.Max();
        TestContext.Out.WriteLine($"B: slowest accept-to-delivered {slowest.TotalSeconds:F1} s (A's {Quota} messages queued to the same MX domain)");
        Assert.That(slowest, Is.LessThan(DeliveryBound), "B's mail is not held behind A's backlog past the bound");
        Assert.That(accepted.Select(x => TestEnvironment.Mx1.For(x.Rcpt).Count()), Has.All.EqualTo(1), "B's ledger: each message delivered once");
    }
}
