using System.Diagnostics;
using System.Net;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T94: SIGTERM to a delivery process in the middle of deliveries to a slow MX. Attempts in flight finish
/// and are recorded, the rest is handed back; another worker delivers it. Nothing lost, nothing sent twice.
/// </summary>
[TestFixture]
public sealed class GracefulStopTests
{
    [Test]
    public async Task ASigtermDrainsInFlightDeliveriesLosingNothingAndSendingNothingTwice()
    {
        // The MX takes 700 ms to answer the dot: a stop that cancelled attempts would leave copies it had already taken.
        await using var slow = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            await Task.Delay(700);
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        await using var api = new SendGatewayFactory(roles: "api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "drain.test");
        var overrides = new Dictionary<string, string>
        {
            ["SendGateway:Delivery:Routes:slow-mx.test"] = $"127.0.0.1:{slow.Port}",
            ["SendGateway:Delivery:Concurrency"] = "4",
            ["SendGateway:Delivery:ShardLeaseTime"] = "00:00:02",
            ["SendGateway:Delivery:ReclaimIdleTime"] = "00:00:05",
        };
        var recipients = Enumerable.Range(0, 12).Select(i => $"drain{i}-{Guid.NewGuid():N}@slow-mx.test").ToArray();
        using var first = ServerProcess.StartWorker(api, overrides);
        Process? second = null;
        try
        {
            using var response = await tenant.SendAsync(new { from = new { email = "a@drain.test" }, to = recipients.Select(r => new { email = r }), subject = "s", text = "t" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            var ids = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content))
                .GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();

            // Some delivered, others in flight at the MX: stop now.
            await Polling.UntilAsync(() => Task.FromResult(slow.Received.Count), n => n >= 2, TimeSpan.FromSeconds(60));
            var inFlightAtStop = slow.Connections;
            await ProcessRunner.RunAsync("kill", ["-TERM", first.Id.ToString()], CancellationToken.None);
            await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(first.ExitCode, Is.EqualTo(0), "a graceful stop");
            Assert.That(slow.Received.Count, Is.LessThan(recipients.Length), "the stop came while mail was still queued");

            second = ServerProcess.StartWorker(api, overrides);
            foreach (var id in ids)
            {
                await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            }

            var received = slow.Received.ToList();
            foreach (var recipient in recipients)
            {
                Assert.That(received.Count(m => m.Contains(recipient, StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1), $"{recipient} delivered exactly once ({inFlightAtStop} connections at the stop)");
            }
        }
        finally
        {
            if (!first.HasExited)
            {
                first.Kill(entireProcessTree: true);
            }

            if (second is not null)
            {
                second.Kill(entireProcessTree: true);
                await second.WaitForExitAsync();
                second.Dispose();
            }
        }
    }
}
