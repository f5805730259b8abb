using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T87: a delivery worker process (the real executable) killed with SIGKILL around the remote MX's 250 to
/// the dot; a second worker then takes the entry over from the dead one. Here the sub-window SMTP cannot close: the 250
/// is sent while the worker is stopped, so it is never read nor journaled.
/// </summary>
[TestFixture]
public sealed class WorkerKilledAfterTheRemote250Tests
{
    private const string Domain = "t87.test";

    /// <summary>
    /// The sub-window SMTP cannot close: the MX's 250 is sent while the worker is stopped (SIGSTOP at the dot), so the
    /// worker never reads it and cannot journal it; the next worker sends again. One duplicate, one ok event.
    /// </summary>
    [Test]
    public async Task AWorkerKilledBeforeItCouldReadTheRemote250CausesOneDuplicateAndStillOneOk()
    {
        var dot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            dot.TrySetResult();
            await answer.Task;
            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        await using var api = Api(mx);
        using var tenant = await api.CreateTenantAsync();
        var (id, recipient) = await SendOneAsync(tenant);
        var first = ServerProcess.StartWorker(api, new Dictionary<string, string>());
        Process? second = null;
        try
        {
            await dot.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using (var stop = Process.Start("kill", ["-STOP", first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await stop.WaitForExitAsync();
            }

            answer.TrySetResult(); // the 250 goes out to a worker that cannot read it
            first.Kill();
            await first.WaitForExitAsync();

            second = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            await tenant.WaitForStatusAsync(id, "ok", seconds: 90);
            Assert.That(await Polling.UntilAsync(() => OkEventsAsync(tenant, id), n => n > 0, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "one ok event");
            Assert.That(mx.Received.Count(m => m.Contains(recipient, StringComparison.Ordinal)), Is.EqualTo(2), "one duplicate, no more");
        }
        finally
        {
            answer.TrySetResult();
            await StopAsync(first);
            await StopAsync(second);
        }
    }

    /// <summary>The API and the event ingester in this process; delivery only in worker processes, which route the domain to <paramref name="mx"/>.</summary>
    internal static SendGatewayFactory Api(RawMx mx) => new("api,events", new Dictionary<string, string?>
    {
        [$"SendGateway:Delivery:Routes:{Domain}"] = $"127.0.0.1:{mx.Port}",
    });

    internal static async Task<(string Id, string Recipient)> SendOneAsync(TestTenant tenant)
    {
        await SendGatewayFactory.AddDomainAsync(tenant, "t87-sender.test");
        var recipient = $"r-{Guid.NewGuid():N}@{Domain}";
        var response = await tenant.SendAsync(new { from = new { email = "a@t87-sender.test" }, to = new[] { new { email = recipient } }, subject = "t87", text = "one copy" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        return (id, recipient);
    }

    internal static async Task<int> OkEventsAsync(TestTenant tenant, string id) =>
        (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={id}&type=ok")).GetProperty("data").GetArrayLength();

    internal static async Task StopAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }
}
