using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// reliability.md T82: the relay process (the real executable) killed with SIGKILL after the durable write and before its
/// 250 reaches the client. The window is held open, not raced: the relay talks to Redis through a <see cref="FaultProxy"/>
/// that holds Redis's replies from the queue write on (the command naming the message's body key), so the entry is in
/// Redis while the relay still waits to hear so. The client sees the connection die without a 250 and sends again. The
/// key's answer and the tenant's de-duplication record are written in the queue write's own script, so the resend finds
/// them even after the killed relay's claim has freed itself (its <c>Idempotency:InProgressTtl</c> set to 1 s here).
/// </summary>
[TestFixture]
public sealed class RelayKilledBeforeItsAnswerTests
{
    [Test]
    public async Task AClientThatLostThe250ToAKilledRelayGetsTwoVisibleCopiesWithoutAKeyAndTheFirstAnswerWithOne()
    {
        await using var api = new SendGatewayFactory("api,events"); // no delivery yet: a written entry stays in its stream
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "t82.test");
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "t82" })).Content.ReadFromJsonAsync<JsonElement>();
        var auth = RawSmtpClient.Plain(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1]));
        var throughProxy = ThroughProxy(api, proxy);

        var keyless = $"keyless-{Guid.NewGuid():N}@mx-ok.test";
        var keyed = $"keyed-{Guid.NewGuid():N}@mx-ok.test";
        var key = Guid.NewGuid().ToString("N");
        Assert.That(await SubmitToAKilledRelayAsync(api, proxy, throughProxy, db, auth, keyless, key: null, expectedEntries: 1), Does.Not.Contain("250"), "no 250 reaches the client");
        Assert.That(await SubmitToAKilledRelayAsync(api, proxy, throughProxy, db, auth, keyed, key, expectedEntries: 2), Does.Not.Contain("250"), "no 250 reaches the client");

        // The killed relay's claim (1 s) is over: the key holds the answer written with the queue write, or (before the
        // answer was written there) nothing, and a resend ran again.
        var record = SendGateway.Server.Idempotency.IdempotencyKeys.Record(tenant.Id, "smtp:" + key);
        var settled = await Polling.UntilAsync(async () => (string?)await db.StringGetAsync(record), v => v is null || v.Contains("\"Done\":true", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.That(settled ?? "(the key is gone: its claim freed itself)", Does.Contain("\"Done\":true"), "the key holds the first answer, not a claim that freed itself");

        var (relay, port) = await ServerProcess.StartRelayAsync(api);
        Process? worker = null;
        try
        {
            Assert.That(
                await SubmitAsync(port, auth, keyed, key), Does.StartWith($"250 2.0.0 Ok: queued as ").And.Contain($"(message {await WrittenIdAsync(db, keyed)})"),
                "the resend with the key gets the first answer, naming the message written before the kill");
            Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(2), "and nothing is queued again");
            Assert.That(await SubmitAsync(port, auth, keyless, key: null), Does.StartWith("250 2.0.0 Ok: queued as "), "the resend without a key is queued again");

            worker = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            var copies = await Polling.UntilAsync(
                () => Task.FromResult(TestEnvironment.Mx1.For(keyless).Count() + TestEnvironment.Mx1.For(keyed).Count()), n => n >= 3, TimeSpan.FromSeconds(90));
            Assert.That(copies, Is.EqualTo(3));
            Assert.That(TestEnvironment.Mx1.For(keyed).Count(), Is.EqualTo(1), "with the key: one copy, the one written before the kill");

            // Without a key: at most one duplicate, and a visible one: two messages of the tenant, each delivered once,
            // whose copies carry the client's one Message-ID, so a receiver (or the tenant) can tell them apart.
            var sent = TestEnvironment.Mx1.For(keyless).ToList();
            Assert.That(sent, Has.Count.EqualTo(2), "one duplicate");
            Assert.That(sent.Select(m => m.Parse().MessageId).Distinct().ToList(), Is.EqualTo(new[] { MessageId(keyless) }), "both copies carry the client's Message-ID");
            Assert.That(sent.Select(m => m.MailFrom).Distinct().Count(), Is.EqualTo(2), "two messages of the tenant, each with its own return path (VERP by message id)");
        }
        finally
        {
            await WorkerKilledAfterTheRemote250Tests.StopAsync(worker);
            await WorkerKilledAfterTheRemote250Tests.StopAsync(relay);
        }
    }

    [Test]
    public async Task WithTheTenantsDeduplicationOnAClientThatLostThe250ToAKilledRelayGetsTheFirstMessageAndOneCopy()
    {
        await using var api = new SendGatewayFactory("api,events");
        using var tenant = await api.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "t82.test");
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { dedupe_window_minutes = 10 })).EnsureSuccessStatusCode();
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "t82" })).Content.ReadFromJsonAsync<JsonElement>();
        var auth = RawSmtpClient.Plain(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
        using var redis = await ConnectionMultiplexer.ConnectAsync(api.RedisConnectionString);
        var db = redis.GetDatabase();
        await using var proxy = new FaultProxy(int.Parse(TestEnvironment.Storage.RedisEndpoint.Split(':')[^1]));

        var recipient = $"deduped-{Guid.NewGuid():N}@mx-ok.test";
        Assert.That(await SubmitToAKilledRelayAsync(api, proxy, ThroughProxy(api, proxy), db, auth, recipient, key: null, expectedEntries: 1), Does.Not.Contain("250"), "no 250 reaches the client");

        var (relay, port) = await ServerProcess.StartRelayAsync(api);
        Process? worker = null;
        try
        {
            Assert.That(
                await SubmitAsync(port, auth, recipient, key: null), Does.StartWith("250 2.0.0 Ok: queued as ").And.Contain($"(message {await WrittenIdAsync(db, recipient)})"),
                "the resend (same Message-ID, same recipient, no key) is answered with the message written before the kill");
            Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(1), "and not queued again");

            worker = ServerProcess.StartWorker(api, new Dictionary<string, string>());
            await Polling.UntilAsync(() => QueueProbe.WaitingAsync(db), n => n == 0, TimeSpan.FromSeconds(90));
            Assert.That(await Polling.UntilAsync(() => Task.FromResult(TestEnvironment.Mx1.For(recipient).Count()), n => n >= 1, TimeSpan.FromSeconds(90)), Is.EqualTo(1), "no duplicate");
        }
        finally
        {
            await WorkerKilledAfterTheRemote250Tests.StopAsync(worker);
            await WorkerKilledAfterTheRemote250Tests.StopAsync(relay);
        }
    }

    /// <summary>The relay's settings to reach Redis through <paramref name="proxy"/>, its idempotency claims held 1 s.</summary>
    private static Dictionary<string, string> ThroughProxy(SendGatewayFactory api, FaultProxy proxy) => new()
    {
        ["ConnectionStrings:Redis"] = $"127.0.0.1:{proxy.Port},defaultDatabase={api.RedisDatabase}",
        ["SendGateway:Idempotency:InProgressTtl"] = "00:00:01",
    };

    /// <summary>The id of the message queued for <paramref name="recipient"/>, read from the shard streams.</summary>
    private static async Task<string> WrittenIdAsync(IDatabase db, string recipient)
    {
        for (var shard = 0; shard < QueueProbe.Shards; shard++)
        {
            foreach (var entry in await db.StreamRangeAsync(SendGateway.Server.Queue.QueueKeys.Stream(shard)))
            {
                var json = JsonDocument.Parse(entry["e"].ToString()).RootElement;
                if (json.GetProperty("recipient").GetString() == recipient)
                {
                    return json.GetProperty("id").GetString()!;
                }
            }
        }

        Assert.Fail($"no queue entry for {recipient}");
        return string.Empty;
    }

    /// <summary>Sends the message to a relay behind <paramref name="proxy"/>, kills the relay once its entry is in Redis; returns what the client read.</summary>
    private static async Task<string> SubmitToAKilledRelayAsync(
        SendGatewayFactory api, FaultProxy proxy, Dictionary<string, string> throughProxy, IDatabase db, string auth, string recipient, string? key, int expectedEntries)
    {
        proxy.Pass();
        var (relay, port) = await ServerProcess.StartRelayAsync(api, throughProxy);
        try
        {
            await using var client = await RawSmtpClient.ConnectAsync(port);
            await BeginAsync(client, auth, recipient);
            Assert.That(await client.SendAsync("DATA\r\n"), Does.StartWith("354"));
            proxy.HoldRepliesAfter("sg:body:"); // the queue write's command: Redis runs it, the relay never hears back
            await client.WriteAsync(System.Text.Encoding.ASCII.GetBytes(Message(recipient, key) + ".\r\n"));
            var written = await Polling.UntilAsync(() => QueueProbe.WaitingAsync(db), n => n >= expectedEntries, TimeSpan.FromSeconds(60));
            Assert.That(written, Is.EqualTo(expectedEntries), "the entry is durably written");
            relay.Kill(); // SIGKILL before the relay could answer the dot
            await relay.WaitForExitAsync();
            return await client.ReadReplyAsync(seconds: 30);
        }
        finally
        {
            await WorkerKilledAfterTheRemote250Tests.StopAsync(relay);
        }
    }

    private static async Task BeginAsync(RawSmtpClient client, string auth, string recipient)
    {
        await client.SendAsync("EHLO raw.test\r\n");
        await client.SendAsync($"AUTH PLAIN {auth}\r\n");
        await client.SendAsync($"MAIL FROM:<a@t82.test>\r\nRCPT TO:<{recipient}>\r\n", replies: 2);
    }

    private static async Task<string> SubmitAsync(int port, string auth, string recipient, string? key)
    {
        await using var client = await RawSmtpClient.ConnectAsync(port);
        await BeginAsync(client, auth, recipient);
        await client.SendAsync("DATA\r\n");
        return await client.SendAsync(Message(recipient, key) + ".\r\n");
    }

    private static string MessageId(string recipient) => $"{recipient.Split('@')[0]}@t82.test";

    private static string Message(string recipient, string? key) =>
        $"From: a@t82.test\r\nSubject: t82\r\nMessage-ID: <{MessageId(recipient)}>\r\n{(key is null ? string.Empty : $"X-Idempotency-Key: {key}\r\n")}\r\nthe body\r\n";
}
