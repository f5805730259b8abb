using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// reliability.md T45 on a real Kestrel listener: a client sends POST /v1/messages with an Idempotency-Key over a raw
/// connection and closes it without reading the answer, then retries with its key. The retry gets the 202 (replayed once
/// the first is done) and the recipient's MX gets exactly one copy; without a key, at most one duplicate.
/// </summary>
[TestFixture]
public sealed class ClientLeavesBeforeTheAnswerTests() : TenantFixture("api,relay,delivery,events", "leave.test")
{
    private static object Message(string rcpt) => new { from = new { email = "a@leave.test" }, to = new[] { new { email = rcpt } }, subject = "leave", text = "t" };

    [Test]
    public async Task AClientGoneAfterTheDurableWriteGetsTheOriginal202OnItsRetryAndOneCopyIsDelivered()
    {
        var (key, rcpt) = (Guid.NewGuid().ToString("N"), $"leave-{Guid.NewGuid():N}@mx-ok.test");
        using (var client = await SendRawAsync(key, Message(rcpt)))
        {
            // The write was durable: the message has even been delivered. The client leaves without reading the 202.
            var delivered = await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(rcpt).Count()), n => n > 0, TimeSpan.FromSeconds(60));
            Assert.That(delivered, Is.EqualTo(1), "the message was delivered while the client still held its connection unread");
        }

        var retry = await Tenant.Client.SendAsync(Post(key, Message(rcpt)));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.True, "the original answer, not a new send");
        var id = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(id, "ok");
        await AssertOneCopyAsync(rcpt);
    }

    [Test]
    public async Task AClientGoneRightAfterSendingGetsOne202AndOneCopyOnItsRetry()
    {
        var (key, rcpt) = (Guid.NewGuid().ToString("N"), $"leave-now-{Guid.NewGuid():N}@mx-ok.test");
        (await SendRawAsync(key, Message(rcpt))).Dispose(); // gone at once: the server may be anywhere in the request

        // 409 while the first still runs; then its 202 replayed, or (if it was aborted before the write) a first 202.
        var retry = await Polling.UntilAsync(() => Tenant.Client.SendAsync(Post(key, Message(rcpt))), r => r.StatusCode != HttpStatusCode.Conflict, TimeSpan.FromSeconds(60));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await retry.Content.ReadAsStringAsync());
        TestContext.Out.WriteLine($"retry replayed: {retry.Headers.Contains("Idempotent-Replayed")}");
        var id = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(id, "ok");
        await AssertOneCopyAsync(rcpt);
    }

    [Test]
    public async Task AClientWithoutAKeyThatLeavesAndRetriesGetsAtMostOneDuplicate()
    {
        var rcpt = $"leave-nokey-{Guid.NewGuid():N}@mx-ok.test";
        (await SendRawAsync(null, Message(rcpt))).Dispose();
        using var retry = await Tenant.SendAsync(Message(rcpt));
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var id = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(id, "ok");
        var marker = $"marker-{Guid.NewGuid():N}@mx-ok.test";
        using var sent = await Tenant.SendAsync(Message(marker));
        await Tenant.WaitForStatusAsync((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!, "ok");
        var copies = TestEnvironment.Mx1.For(rcpt).Count();
        TestContext.Out.WriteLine($"copies without a key: {copies}");
        Assert.That(copies, Is.InRange(1, 2), "the retry's copy, and at most the first one's besides");
    }

    /// <summary>
    /// A later message to the same domain (same shard, same MX) is delivered first, then the recipient's copies counted:
    /// a second copy queued with the first would not still be waiting.
    /// </summary>
    private async Task AssertOneCopyAsync(string rcpt)
    {
        var marker = $"marker-{Guid.NewGuid():N}@mx-ok.test";
        var sent = await Tenant.SendAsync(Message(marker));
        var markerId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(markerId, "ok");
        Assert.That(TestEnvironment.Mx1.For(rcpt).Count(), Is.EqualTo(1), "exactly one copy delivered");
        var events = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(rcpt)}&type=injected");
        Assert.That(events.GetProperty("data").GetArrayLength(), Is.LessThanOrEqualTo(1), "one message accepted");
    }

    private static HttpRequestMessage Post(string key, object body) =>
        new(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

    /// <summary>The whole request written on a new connection, nothing read; the caller closes it.</summary>
    private async Task<TcpClient> SendRawAsync(string? key, object body)
    {
        var json = JsonSerializer.Serialize(body);
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Factory.HttpPort);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(
            $"POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Tenant.ApiKey}\r\n{(key is null ? string.Empty : $"Idempotency-Key: {key}\r\n")}" +
            $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n{json}"));
        return client;
    }
}
