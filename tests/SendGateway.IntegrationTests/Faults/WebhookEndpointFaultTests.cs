using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Webhooks;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// A real event batch (one message delivered, its <c>ok</c> event batched for the endpoint) against an endpoint that
/// misbehaves, then answers 204 (reliability.md T49, T51–T53). A 2 s request timeout and a 1.2 s first retry delay
/// without jitter, so retries are more than a second apart and every attempt has its own <c>webhook-timestamp</c>.
/// </summary>
[TestFixture]
public sealed class WebhookEndpointFaultTests() : WebhookFaultFixture(
    new Dictionary<string, string?>
    {
        ["SendGateway:Webhooks:Timeout"] = "00:00:02",
        ["SendGateway:Webhooks:FirstRetryDelay"] = "00:00:01.200",
        ["SendGateway:Webhooks:MaxRetryDelay"] = "00:00:03",
        ["SendGateway:Webhooks:Jitter"] = "0",
    },
    "hook-faults.test")
{
    [TestCase("500", "http_status")]
    [TestCase("reset", "connection_failed")]
    [TestCase("timeout", "timeout")]
    public async Task AFailedAttemptIsRetriedWithTheSameIdAndBodyAndANewTimestampUntilA2xx(string fault, string error)
    {
        var failure = fault switch { "500" => HookAnswer.Status(500), "reset" => HookAnswer.Reset, _ => HookAnswer.Hang };
        await using var server = new ScriptedWebhookServer(n => n < 2 ? failure : HookAnswer.Status(204));
        var (hook, secret) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.EqualTo(new[] { error, error, null }), string.Join(", ", log));
        Assert.That(log[^1].GetProperty("batch_state").GetString(), Is.EqualTo("delivered"));
        if (fault == "timeout")
        {
            Assert.That(log[0].GetProperty("latency_ms").GetInt32(), Is.InRange(1900, 9000), "cut at the 2 s request timeout");
        }

        var requests = server.Requests;
        Assert.That(requests, Has.Count.EqualTo(3), "two failures and the 2xx, nothing after it");
        Assert.That(requests.Select(r => r.WebhookId).Distinct(), Is.EqualTo(new[] { log[0].GetProperty("batch_id").GetString() }), "one webhook-id");
        Assert.That(requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the same body");
        Assert.That(requests.Select(r => r.WebhookTimestamp), Is.Ordered.Ascending.And.Unique, "a new webhook-timestamp per attempt");
        foreach (var r in requests)
        {
            Assert.That(r.WebhookTimestamp, Is.InRange(r.ArrivedAt.ToUnixTimeSeconds() - 2, r.ArrivedAt.ToUnixTimeSeconds() + 1), "stamped when sent");
            Assert.That(r.WebhookSignature, Is.EqualTo(WebhookSignature.Sign(secret, r.WebhookId!, r.WebhookTimestamp, Encoding.UTF8.GetBytes(r.Body))), "signed over its own timestamp");
        }
    }

    [TestCase(429)]
    [TestCase(502)]
    [TestCase(504)]
    public async Task ThrottlingAndGatewayAnswersAreRetriedHonouringRetryAfterUpToTheCap(int status)
    {
        await using var server = new ScriptedWebhookServer(n => n == 0 ? HookAnswer.Status(status, "Retry-After: 120") : HookAnswer.Status(204));
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log, Has.Count.EqualTo(2), string.Join(", ", log));
        Assert.That(log[0].GetProperty("status_code").GetInt32(), Is.EqualTo(status));
        Assert.That(log[0].GetProperty("error").GetString(), Is.EqualTo("http_status"));
        var requests = server.Requests;
        Assert.That(requests, Has.Count.EqualTo(2));
        var gap = requests[1].ArrivedAt - requests[0].ArrivedAt;
        // The schedule's own delay is 1.2 s; Retry-After: 120 is honoured up to MaxRetryDelay (3 s), never 120 s.
        Assert.That(gap, Is.InRange(TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(60)), "Retry-After: 120, capped at 3 s");
    }

    [Test]
    public async Task AnEndpointThatTricklesItsAnswerAtOneBytePerSecondIsCutAtTheTotalTimeoutAndRetried()
    {
        await using var server = new ScriptedWebhookServer(n => n == 0 ? HookAnswer.TrickleHead : HookAnswer.Status(204));
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log, Has.Count.EqualTo(2), string.Join(", ", log));
        Assert.That(log[0].GetProperty("error").GetString(), Is.EqualTo("timeout"));
        Assert.That(log[0].GetProperty("status_code").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(log[0].GetProperty("latency_ms").GetInt32(), Is.InRange(1900, 9000), "the 38-byte answer would take 38 s; the 2 s timeout ended it");
        Assert.That(await server.TrickleCutByClient.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => t.IsCompletedSuccessfully), Is.True,
            "the dispatcher closed the trickling connection");
    }

    [Test]
    public async Task AnEndpointThatTricklesItsBodyAfterTheHeadersIsDoneAtTheHeaders()
    {
        await using var server = new ScriptedWebhookServer(_ => HookAnswer.TrickleBody);
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log, Has.Count.EqualTo(1));
        Assert.That(log[0].GetProperty("status_code").GetInt32(), Is.EqualTo(200));
        Assert.That(log[0].GetProperty("latency_ms").GetInt32(), Is.LessThan(1900), "the body is not awaited");
        Assert.That(await server.TrickleCutByClient.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => t.IsCompletedSuccessfully), Is.True,
            "the dispatcher closed the connection instead of reading the 1000-byte body for 1000 s");
    }

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task ARedirectOfARealBatchIsAFailedAttemptRetriedOnScheduleAndNeverFollowed(int status)
    {
        await using var server = new ScriptedWebhookServer(n => n < 2 ? HookAnswer.Status(status, "Location: /redirected") : HookAnswer.Status(204));
        var (hook, _) = await CreateHookAsync(server.Url);
        await SendOkAsync();

        var log = await WaitForDeliveredAsync(hook);
        Assert.That(log.Select(a => a.GetProperty("error").GetString()), Is.EqualTo(new[] { "redirect", "redirect", null }), string.Join(", ", log));
        Assert.That(log.Take(2).Select(a => a.GetProperty("status_code").GetInt32()), Is.All.EqualTo(status));
        var requests = server.Requests;
        Assert.That(requests.Select(r => r.Path), Is.EqualTo(new[] { "/hook", "/hook", "/hook" }), "the Location was never requested");
        Assert.That(requests.Select(r => r.WebhookId).Distinct().Count(), Is.EqualTo(1), "the same batch, retried");
        Assert.That(requests[1].ArrivedAt - requests[0].ArrivedAt, Is.GreaterThan(TimeSpan.FromSeconds(1.1)), "retried on the schedule (1.2 s first delay)");
    }
}
