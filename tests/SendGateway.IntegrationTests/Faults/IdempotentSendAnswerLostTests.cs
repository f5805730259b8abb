using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T82 on the REST front: <c>POST /v1/messages</c> with an <c>Idempotency-Key</c> whose queue write lands in
/// Redis while Redis's reply to it is lost (a <see cref="FaultProxy"/> holds the replies from that command on, then resets
/// the connections, or lets the request time out while Redis still runs its commands). The request fails without its 202;
/// its claim (<c>Idempotency:InProgressTtl</c>, 1 s here) would free itself, and after a timeout the failed request's
/// release of the key reaches Redis, but the answer was written in the queue write's own script and a release frees only a
/// claim, so the retry with the key is that answer replayed and nothing is queued again.
/// </summary>
[TestFixture]
public sealed class IdempotentSendAnswerLostTests
{
    [TestCase(true, TestName = "{m}(connections reset)")]
    [TestCase(false, TestName = "{m}(request timed out, its release reaching Redis)")]
    public async Task ARetryAfterTheQueueWritesReplyWasLostReplaysTheFirstAnswerAndQueuesNothingAgain(bool reset)
    {
        await using var faults = await StoreFaults.StartAsync(redis: true);
        await using var proxy = new FaultProxy(faults.Redis.Port);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},{StoreFaults.FastRedisOptions}",
            ["SendGateway:Idempotency:InProgressTtl"] = "00:00:01",
        };
        await using var api = new SendGatewayFactory("api", settings); // no delivery: the written entry stays in its stream
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "lost.test");
        using var direct = await faults.ConnectRedisAsync();
        var db = direct.GetDatabase();
        var key = Guid.NewGuid().ToString("N");
        var recipient = $"lost-{Guid.NewGuid():N}@mx-ok.test";

        proxy.HoldRepliesAfter("sg:body:"); // Redis runs the queue write; the API never hears of it
        var first = tenant.Client.SendAsync(Post(key, recipient));
        Assert.That(await Polling.UntilAsync(() => QueueProbe.WaitingAsync(db), n => n >= 1, TimeSpan.FromSeconds(60)), Is.EqualTo(1), "the entry is durably written");
        if (reset)
        {
            proxy.Reset();
        }

        using (var lost = await first) // after a reset, or the API's Redis timeout (2 s) with the replies still held
        {
            Assert.That(lost.StatusCode, Is.Not.EqualTo(HttpStatusCode.Accepted), "the client did not get the 202");
        }

        proxy.Pass();
        var record = await Polling.UntilAsync(
            () => Task.FromResult(direct.GetServer(direct.GetEndPoints()[0]).Keys(0, "sg:idem:*").Select(k => (string?)db.StringGet(k)).FirstOrDefault()),
            v => v is null || v.Contains("\"Done\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(record ?? "(the key is gone: its claim freed itself)", Does.Contain("\"Done\":true"), "the key holds the first answer, not a claim that freed itself");

        using var retry = await Polling.UntilAsync(
            () => tenant.Client.SendAsync(Post(key, recipient)), r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30)); // until the API has reconnected
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(retry.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true"), Is.True, "the first answer, replayed");
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
        var written = (await db.StreamRangeAsync(SendGateway.Server.Queue.QueueKeys.Stream(SendGateway.Server.Queue.QueueKeys.ShardOf("mx-ok.test", QueueProbe.Shards))))
            .Select(e => JsonDocument.Parse(e["e"].ToString()).RootElement.GetProperty("id").GetString()).ToList();
        Assert.That(body.GetProperty("messages")[0].GetProperty("id").GetString(), Is.EqualTo(written.Single()), "naming the message written before the reply was lost");
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(1), "nothing queued again");
    }

    private static HttpRequestMessage Post(string key, string recipient) => new(HttpMethod.Post, "/v1/messages")
    {
        Content = JsonContent.Create(new { from = new { email = "a@lost.test" }, to = new[] { new { email = recipient } }, subject = "lost", text = "t" }),
        Headers = { { "Idempotency-Key", key } },
    };
}
