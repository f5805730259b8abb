using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Audit;
using SendGateway.Smtp.Protocol;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Delivery.Shaping;

/// <summary>
/// Shaping actions end to end on real parts (a smart sink MX scripted per source address, the test DNS, Redis, a pool of
/// three loopback sources): a provider's reply that matches a suspend or throttle rule of the operator's rules file acts on
/// that source address alone, is listed and cancellable through the admin API, ends by itself and holds on every node.
/// </summary>
[TestFixture]
public sealed class ShapingActionsTests
{
    private static readonly IPAddress Source2 = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Source3 = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress Source4 = IPAddress.Parse("127.0.0.4");

    /// <summary>Three sources; 127.0.0.3 weighs most, so it is the first chosen (and the one the sink defers).</summary>
    private static readonly (string, int)[] ThreeSources = [("127.0.0.2", 1), ("127.0.0.3", 20), ("127.0.0.4", 1)];

    [Test]
    public async Task TheMatchingSourceIsSuspendedAfterTheFirstMatchingReplyWhileTheOtherSourcesDeliverEverything()
    {
        await using var scenario = await ShapingScenario.StartAsync(141, "1h", ThreeSources, SmartSinkRule.Tss04(Source3));
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await scenario.SendAsync());
        }

        foreach (var id in ids)
        {
            await scenario.Tenant.WaitForStatusAsync(id, "ok", 60);
        }

        var answers = scenario.Sink.Answers.Where(a => Source3.Equals(a.Source)).ToList();
        Assert.That(answers, Has.Count.EqualTo(1), "one TSS04 reply, then no attempt from that address");
        Assert.That(scenario.Sink.SessionsFrom(Source3, answers[0].Sequence), Is.Zero, "no session from the suspended address after its reply");
        Assert.That(scenario.Sink.Commands.Count(c => Source3.Equals(c.Source) && c.Sequence > answers[0].Sequence && c.Verb == SmtpVerb.Mail), Is.Zero,
            "no MAIL from the suspended address after its reply");
        Assert.That(scenario.Sink.MessagesFrom(Source3), Is.Zero);
        Assert.That(scenario.Sink.MessagesFrom(Source2) + scenario.Sink.MessagesFrom(Source4), Is.EqualTo(12), "the other addresses delivered every message");

        var listed = await scenario.ActionsAsync();
        Assert.That(listed.GetProperty("rules_version").GetString(), Does.Contain("shaping-test-141"), "the rules version in effect");
        var action = listed.GetProperty("actions").EnumerateArray().Single();
        Assert.That(action.GetProperty("provider").GetString(), Is.EqualTo(ShapingScenario.Provider));
        Assert.That(action.GetProperty("source_address").GetString(), Is.EqualTo("127.0.0.3"));
        Assert.That(action.GetProperty("rule").GetString(), Is.EqualTo("smarty-tss04"));
        Assert.That(action.GetProperty("kind").GetString(), Is.EqualTo("suspend"));
        var reply = action.GetProperty("reply");
        Assert.That(reply.GetProperty("code").GetInt32(), Is.EqualTo(421));
        Assert.That(reply.GetProperty("enhanced_code").GetString(), Is.EqualTo("4.7.0"));
        Assert.That(reply.GetProperty("text").GetString(), Does.Contain("[TSS04]"));
        Assert.That(reply.GetProperty("text").GetString()!.Length, Is.LessThanOrEqualTo(200), "the reply's text is cut");
        Assert.That(reply.GetProperty("mx").GetString(), Is.EqualTo(scenario.MxHost));
        var lasts = action.GetProperty("until").GetDateTimeOffset() - action.GetProperty("since").GetDateTimeOffset();
        Assert.That(lasts, Is.EqualTo(TimeSpan.FromHours(1)).Within(TimeSpan.FromSeconds(1)), "the rule's duration");
    }

    [Test]
    public async Task AThrottleLowersThatSourcesRateToTheProvider()
    {
        await using var scenario = await ShapingScenario.StartAsync(142, "1h", [("127.0.0.2", 1)], SmartSinkRule.Rate(Source2, afterMessages: 1, times: 1));
        for (var i = 0; i < 5; i++)
        {
            await scenario.SendAsync();
        }

        // Positive signal: the next attempts from the address wait for its per-minute budget (the throttle's limit, 1).
        var waiting = await Polling.UntilAsync(() => scenario.HeldAsync("source_rate"), n => n >= 1, TimeSpan.FromSeconds(30));
        Assert.That(waiting, Is.GreaterThanOrEqualTo(1), "mail waits for the throttled address's per-minute budget");
        var rate = scenario.Sink.Answers.Single(a => Source2.Equals(a.Source));
        var after = scenario.Sink.Messages.Where(m => m.Sequence > rate.Sequence).ToList();
        static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 60_000;
        Assert.That(after.GroupBy(m => MinuteOf(m.At)).Select(g => g.Count()), Has.All.LessThanOrEqualTo(1), "at most the throttle's limit per minute since it began");
        Assert.That(scenario.Sink.Messages, Has.Count.LessThan(5), "not everything went at once");

        var action = (await scenario.ActionsAsync()).GetProperty("actions").EnumerateArray().Single();
        Assert.That(action.GetProperty("kind").GetString(), Is.EqualTo("throttle"));
        Assert.That(action.GetProperty("throttle_per_minute").GetInt32(), Is.EqualTo(1));
        Assert.That(action.GetProperty("reply").GetProperty("enhanced_code").GetString(), Is.EqualTo("4.7.28"));
    }

    [Test]
    public async Task CancellingAnActionTriesTheMailItHeldAtOnce()
    {
        await using var scenario = await ShapingScenario.StartAsync(143, "1h", [("127.0.0.3", 1)], SmartSinkRule.Tss04(Source3, times: 1));
        var id = await scenario.SendAsync();
        var held = await Polling.UntilAsync(() => scenario.HeldAsync("shaping_suspended"), n => n == 1, TimeSpan.FromSeconds(30));
        Assert.That(held, Is.EqualTo(1), "the only address is suspended: the queue view shows the mail held by the suspension");

        var action = (await scenario.ActionsAsync()).GetProperty("actions").EnumerateArray().Single();
        using var admin = scenario.Factory.CreateAdminClient();
        var cancelledAt = DateTimeOffset.UtcNow;
        var cancel = await admin.DeleteAsync($"/v1/admin/shaping/actions/{action.GetProperty("id").GetString()}");
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cancel.Content.ReadAsStringAsync());
        var cancelled = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()).RootElement;
        Assert.That(cancelled.GetProperty("released").GetInt64(), Is.EqualTo(1), "the held message made due");

        await scenario.Tenant.WaitForStatusAsync(id, "ok", 30);
        var delivered = scenario.Sink.Messages.Single();
        Assert.That(delivered.Message.Client, Is.EqualTo(Source3));
        Assert.That(delivered.At - cancelledAt, Is.LessThan(TimeSpan.FromSeconds(30)), "tried at once, not when the hour's suspension ends");
        Assert.That((await scenario.ActionsAsync()).GetProperty("actions").GetArrayLength(), Is.Zero);
        Assert.That((await admin.DeleteAsync($"/v1/admin/shaping/actions/{action.GetProperty("id").GetString()}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var log = await scenario.Factory.Services.GetRequiredService<AuditStore>().ListAsync("_operators", null, 1000, CancellationToken.None);
        Assert.That(log.Count(e => e.Action == "DELETE /v1/admin/shaping/actions/{id}" && e.Target == $"id={action.GetProperty("id").GetString()}"), Is.EqualTo(1),
            "the cancellation is in the operators' audit log (the 404 is not)");
        Assert.That((await admin.GetAsync("/v1/admin/shaping/actions?provider=Not%20a%20name")).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await scenario.Tenant.Client.GetAsync("/v1/admin/shaping/actions")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "operators only");
    }

    [Test]
    public async Task AnActionEndsByItself()
    {
        await using var scenario = await ShapingScenario.StartAsync(144, "3s", [("127.0.0.3", 1)], SmartSinkRule.Tss04(Source3, times: 1));
        var id = await scenario.SendAsync();
        var listed = await Polling.UntilAsync(async () => (await scenario.ActionsAsync()).GetProperty("actions"), a => a.GetArrayLength() == 1, TimeSpan.FromSeconds(30));
        var until = listed.EnumerateArray().Single().GetProperty("until").GetDateTimeOffset();

        await scenario.Tenant.WaitForStatusAsync(id, "ok", 30);
        var delivered = scenario.Sink.Messages.Single();
        Assert.That(delivered.At, Is.GreaterThanOrEqualTo(until.AddMilliseconds(-50)), "not tried from the address before its suspension ended");
        Assert.That((await scenario.ActionsAsync()).GetProperty("actions").GetArrayLength(), Is.Zero, "no longer listed");
        using var redis = await ConnectionMultiplexer.ConnectAsync(scenario.Factory.RedisConnectionString);
        Assert.That(await redis.GetDatabase().KeyExistsAsync($"sg:shaping:{{shaping}}:a:{ShapingScenario.Provider}|127.0.0.3|suspend"), Is.False,
            "the action's key expired in Redis");
    }

    [Test]
    public async Task ASecondNodeHonoursAnActionTheFirstStarted()
    {
        await using var scenario = await ShapingScenario.StartAsync(145, "1h", ThreeSources, SmartSinkRule.Tss04(Source3));
        // The weighted choice picks 127.0.0.3 first most of the time, not always: send one at a time until it has answered.
        var before = 0;
        while (!scenario.Sink.Answers.Any(a => Source3.Equals(a.Source)))
        {
            Assert.That(before, Is.LessThan(20), "127.0.0.3 (weight 20 of 22) was chosen within 20 messages");
            await scenario.Tenant.WaitForStatusAsync(await scenario.SendAsync(), "ok", 60);
            before++;
        }

        var answer = scenario.Sink.Answers.Single(a => Source3.Equals(a.Source));

        await scenario.ReplaceNodeAsync();
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await scenario.SendAsync());
        }

        foreach (var id in ids)
        {
            await scenario.Tenant.WaitForStatusAsync(id, "ok", 60);
        }

        Assert.That(scenario.Sink.SessionsFrom(Source3, answer.Sequence), Is.Zero, "the second node sent nothing from the address the first suspended");
        Assert.That(scenario.Sink.MessagesFrom(Source2) + scenario.Sink.MessagesFrom(Source4), Is.EqualTo(before + 8));
        Assert.That((await scenario.ActionsAsync()).GetProperty("actions").EnumerateArray().Single().GetProperty("source_address").GetString(), Is.EqualTo("127.0.0.3"));
    }
}
