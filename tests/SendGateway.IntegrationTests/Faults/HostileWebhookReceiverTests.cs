using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T54: a receiver that answers 200 with a 10 GB body, an endless chunked body or a gzip bomb. The
/// dispatcher reads the status and headers only (no decompression), records the attempt as delivered at once, and takes
/// at most a bounded part of the body off the wire before it closes the connection.
/// </summary>
[TestFixture]
public sealed class HostileWebhookReceiverTests() : TenantFixture("api,delivery,events", "hostile-hooks.test")
{
    [TestCase("huge")]
    [TestCase("chunked")]
    [TestCase("gzip")]
    public async Task AHostileResponseBodyCostsBoundedMemoryAndTheBatchIsDelivered(string mode)
    {
        await using var receiver = new HostileHttpServer(mode);
        var created = await Tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, batch_size = 1 });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var hook = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using (var sent = await Tenant.SendAsync(new { from = new { email = $"a@{SenderDomain}" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "s", text = "t" }))
        {
            Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        }

        var attempts = await Polling.UntilAsync(
            async () => (await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook}/deliveries")).GetProperty("data").EnumerateArray().ToList(),
            a => a.Count > 0, TimeSpan.FromSeconds(30));
        Assert.That(attempts, Is.Not.Empty);
        var first = attempts[^1];
        Assert.That(first.GetProperty("status_code").GetInt32(), Is.EqualTo(200), first.ToString());
        Assert.That(first.GetProperty("latency_ms").GetInt32(), Is.LessThan(5000), "the body was not awaited");
        // Positive signal: the endless body stopped. The dispatcher must have closed the connection; reading (or
        // inflating) on, it would have taken the body until the receiver's 30 s deadline (gigabytes on loopback).
        var closedByClient = await receiver.EndlessBodyEnded.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(closedByClient, Is.True, $"the dispatcher read the body for 30 s instead of closing the connection ({receiver.BodyBytes} bytes)");
        Assert.That(receiver.BodyBytes, Is.LessThan(64L << 20), "only socket buffers' worth of the body left the receiver");
        await Tenant.Client.DeleteAsync($"/v1/webhooks/{hook}");
    }
}
