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
        var awaitingReply = 0; // messages the MX holds whole and has not answered yet: attempts in flight
        await using var slow = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            Interlocked.Increment(ref awaitingReply);
            await Task.Delay(700);
            await x.WriteAsync("250 2.0.0 Ok: queued");
            Interlocked.Decrement(ref awaitingReply);
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
            var atStop = await Polling.UntilAsync(
                () => Task.FromResult((Received: slow.Received.Count, InFlight: Volatile.Read(ref awaitingReply))), s => s.Received >= 2 && s.InFlight > 0, TimeSpan.FromSeconds(60));
            Assert.That(atStop.InFlight, Is.GreaterThan(0), "attempts were in flight at the MX when the stop came");
            var inFlightAtStop = atStop.InFlight;
            await ProcessRunner.RunAsync("kill", ["-TERM", first.Id.ToString()], CancellationToken.None);
            await first.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.That(first.ExitCode, Is.EqualTo(0), "a graceful stop");
            Assert.That(Volatile.Read(ref awaitingReply), Is.Zero, "the process exited only after the MX answered every attempt it had in flight");
            Assert.That(slow.Received.Count, Is.LessThan(recipients.Length), "the stop came while mail was still queued");

            second = ServerProcess.StartWorker(api, overrides);
            foreach (var id in ids)
            {
                await tenant.WaitForStatusAsync(id, "ok", seconds: 60);
            }

            var received = slow.Received.ToList();
            foreach (var recipient in recipients)
            {
                Assert.That(received.Count(m => m.Contains(recipient, StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1), $"{recipient} delivered exactly once ({inFlightAtStop} attempts in flight at the stop)");
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
