using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// reliability.md T48 with a real event batch and private networks not allowed (the production default): the endpoint's
/// host resolves to a public address at registration and to loopback when its batch goes out. Every attempt is blocked
/// at connect time and retried on schedule; nothing reaches the address; once the 3 s retry window is over the batch is
/// failed, the endpoint disabled (flagged), the event still readable, and a replay sends it again (blocked again).
/// </summary>
[TestFixture]
public sealed class WebhookRebindingBatchTests() : WebhookFaultFixture(
    new Dictionary<string, string?>
    {
        ["SendGateway:Webhooks:AllowPrivateNetworks"] = "false",
        ["SendGateway:Webhooks:MaxRetryAge"] = "00:00:03",
    },
    "hook-rebind.test")
{
    [Test]
    public async Task ABatchWhoseHostRebindsToLoopbackIsBlockedOnEveryAttemptAndStaysReplayable()
    {
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.Status(204));
        var host = $"rebind-{Guid.NewGuid():N}"[..15] + ".test";
        TestEnvironment.Dns.SetA(host, "203.0.113.21");
        var (hook, _) = await CreateHookAsync($"http://{host}:{server.Port}/hook");
        TestEnvironment.Dns.SetA(host, "127.0.0.1");
        var message = await SendOkAsync();

        var webhook = await Polling.UntilAsync(() => WebhookAsync(hook), w => !w.GetProperty("enabled").GetBoolean(), TimeSpan.FromSeconds(60));
        Assert.That(webhook.GetProperty("enabled").GetBoolean(), Is.False, "flagged once the retry window is over");
        Assert.That(webhook.GetProperty("disabled_reason").GetString(), Is.EqualTo("failing"));
        var log = await DeliveriesAsync(hook);
        Assert.That(log, Has.Count.GreaterThanOrEqualTo(2), "retried on schedule");
        Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.All.EqualTo("blocked_destination"));
        Assert.That(log.Select(a => a.GetProperty("status_code").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        Assert.That(log.Select(a => a.GetProperty("batch_id").GetString()).Distinct().Count(), Is.EqualTo(1));
        Assert.That(log[0].GetProperty("batch_state").GetString(), Is.EqualTo("failed"));
        Assert.That(server.Connections, Is.Zero, "no byte reached the rebound address");

        var events = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={message}");
        Assert.That(events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()), Does.Contain("ok"), "the event is kept");

        var batch = log[0].GetProperty("batch_id").GetString();
        var replayed = await Tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { batch_id = batch });
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await replayed.Content.ReadAsStringAsync());
        Assert.That((await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32(), Is.EqualTo(1));
        var again = await Polling.UntilAsync(() => DeliveriesAsync(hook), d => d.Count > log.Count, TimeSpan.FromSeconds(30));
        Assert.That(again, Has.Count.GreaterThan(log.Count), "the replay went out");
        Assert.That(again[0].GetProperty("error").GetString(), Is.EqualTo("blocked_destination"));
        Assert.That(server.Connections, Is.Zero);
    }
}
