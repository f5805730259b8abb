using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T104: a run through REST, the SMTP relay, delivery, bounces, suppressions, event searches, webhooks and
/// erasure with canary recipients, then every log line (at the shipped levels), every span's tags and the Prometheus
/// text are searched for the canaries, the body, and every secret issued.
/// </summary>
[TestFixture]
public sealed class LogHygieneTests
{
    [Test]
    public async Task NoLogLineSpanOrMetricHoldsAnAddressABodyOrASecret()
    {
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Enqueue($"{a.Source.Name} {a.DisplayName} {string.Join(' ', a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}"),
        };
        ActivitySource.AddActivityListener(listener);
        var logs = new CapturingLoggerProvider();
        await using var factory = new SendGatewayFactory("api,relay,delivery,events", logs: logs);
        factory.StartServer();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "hygiene-acme.test");
        var run = Guid.NewGuid().ToString("N")[..10];
        string[] canaries = [$"canary{run}@mx-ok.test", $"nouser-canary{run}@mx-ok.test", $"hardbounce+canary{run}@simulator.sendgateway.test", $"relay-canary{run}@mx-ok.test"];
        var body = $"Secret body text {run}";

        var hook = await (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).Content.ReadFromJsonAsync<JsonElement>();
        var credential = await (await tenant.Client.PostAsJsonAsync("/v1/smtp-credentials", new { name = "hygiene" })).Content.ReadFromJsonAsync<JsonElement>();
        var send = await tenant.SendAsync(new { from = new { email = "a@hygiene-acme.test" }, to = canaries.Take(3).Select(e => new { email = e }), subject = "Subject " + body, text = body });
        var ids = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();

        using (var smtp = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, CheckCertificateRevocation = false })
        {
            await smtp.ConnectAsync("127.0.0.1", factory.SubmissionPort, SecureSocketOptions.StartTls);
            await smtp.AuthenticateAsync(credential.GetProperty("username").GetString()!, credential.GetProperty("password").GetString()!);
            var message = new MimeMessage { Subject = "Relay " + body, Body = new TextPart("plain") { Text = body } };
            message.From.Add(MailboxAddress.Parse("app@hygiene-acme.test"));
            message.To.Add(MailboxAddress.Parse(canaries[3]));
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(true);
        }

        await tenant.WaitForStatusAsync(ids[0], "ok");
        await tenant.WaitForStatusAsync(ids[1], "hardbounce");
        await tenant.WaitForStatusAsync(ids[2], "hardbounce");
        (await tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new[] { new { email = canaries[0] } } })).EnsureSuccessStatusCode();
        await tenant.Client.GetAsync($"/v1/suppressions/{canaries[0]}");
        await tenant.Client.GetAsync($"/v1/events?recipient={Uri.EscapeDataString(canaries[1])}");
        await tenant.Client.GetAsync($"/v1/privacy/export?email={Uri.EscapeDataString(canaries[1])}");
        var test = await (await tenant.Client.PostAsync($"/v1/webhooks/{hook.GetProperty("id").GetString()}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var testId = test.GetProperty("webhook_message_id").GetString();

        // Positive signals instead of a pause: the relayed message's delivery is ingested, and the dispatcher has made an
        // attempt at a batch of the run's events (beside the test's), so their logs and spans are in.
        var relayed = await Polling.UntilAsync(
            async () => (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(canaries[3])}")).GetProperty("data")
                .EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList(),
            types => types.Contains("ok"), TimeSpan.FromSeconds(30));
        Assert.That(relayed, Does.Contain("ok"), "the relayed message was delivered and its event ingested");
        var batchAttempts = await Polling.UntilAsync(
            async () => (await tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/webhooks/{hook.GetProperty("id").GetString()}/deliveries")).GetProperty("data")
                .EnumerateArray().Count(d => d.GetProperty("batch_id").GetString() != testId),
            n => n > 0, TimeSpan.FromSeconds(30));
        Assert.That(batchAttempts, Is.GreaterThan(0), "the dispatcher tried a batch of the run's events");
        (await tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = canaries })).EnsureSuccessStatusCode();
        var metrics = await tenant.Client.GetStringAsync("/metrics");

        string[] secrets = [tenant.ApiKey.Split('_')[2], credential.GetProperty("password").GetString()!, hook.GetProperty("secret").GetString()!["whsec_".Length..]];
        var forbidden = canaries.SelectMany(c => new[] { c, JsonEncodedText.Encode(c).ToString(), Uri.EscapeDataString(c) }).Append(body).Concat(secrets)
            .Select(s => s.ToLowerInvariant()).Distinct().ToList();
        Assert.That(logs.Lines, Is.Not.Empty);
        Assert.That(spans, Is.Not.Empty);
        var ownSpans = spans.Where(s => !s.Contains($"server.port={factory.HttpPort} ", StringComparison.Ordinal)); // not this test's own HTTP client calls
        foreach (var (what, text) in logs.Lines.Select(l => ("log", l)).Concat(ownSpans.Select(s => ("span", s))).Append(("metrics", metrics)))
        {
            var lower = text.ToLowerInvariant();
            var leak = forbidden.FirstOrDefault(f => lower.Contains(f, StringComparison.Ordinal));
            Assert.That(leak, Is.Null, $"a {what} holds '{leak}': {text}");
        }
    }
}
