using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.Client;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Clients;

/// <summary>
/// <c>SendGateway.Client</c> against the real server over TCP (Kestrel on a free port): send → events → a webhook verified
/// by <see cref="WebhookVerifier"/>, through a secret rotation; errors as <see cref="SendGatewayException"/> with the
/// problem details and no retry; the suppressions CSV both ways; idempotent sends.
/// </summary>
[TestFixture]
public sealed class DotNetClientTests() : TenantFixture("api,relay,delivery,events", "client-acme.test")
{
    private SendGatewayClient _client = null!;

    private Uri BaseAddress => new($"http://127.0.0.1:{Factory.HttpPort}/");

    [OneTimeSetUp]
    public void CreateClient() => _client = SendGatewayClient.Create(new SendGatewayClientOptions { BaseAddress = BaseAddress, ApiKey = Tenant.ApiKey });

    private SendMessageRequest Message(string local, string? subject = "Hi") => new()
    {
        From = new EmailAddress { Email = $"news@{SenderDomain}" },
        To = [new Recipient { Email = $"{local}+{Guid.NewGuid():N}@simulator.sendgateway.test" }],
        Subject = subject,
        Text = "Hello",
    };

    private async Task<MessageView> WaitForStatusAsync(string id, string status)
    {
        // The message's row is written by the event ingester just after the 202: until then GET answers 404.
        var message = await Polling.UntilAsync(
            async () =>
            {
                try
                {
                    return await _client.Messages.GetAsync(id);
                }
                catch (SendGatewayException e) when (e.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
            m => m?.Status == status, TimeSpan.FromSeconds(30));
        Assert.That(message?.Status, Is.EqualTo(status));
        return message!;
    }

    private static async Task<List<VerifiedWebhook>> VerifiedAsync(HookListener hook, WebhookVerifier verifier, string messageId)
    {
        var verified = await Polling.UntilAsync(
            () => Task.FromResult(hook.Received.Select(r => Verify(verifier, r)).Where(v => v is not null).Select(v => v!).ToList()),
            list => list.Any(v => v.Events.Any(e => e.MessageId == messageId)), TimeSpan.FromSeconds(30));
        Assert.That(verified.SelectMany(v => v.Events).Select(e => e.MessageId), Does.Contain(messageId), "a verified webhook reported the message");
        return verified;
    }

    private static VerifiedWebhook? Verify(WebhookVerifier verifier, (Dictionary<string, string?> Headers, byte[] Body) request)
    {
        try
        {
            return verifier.Verify(request.Body, name => request.Headers.GetValueOrDefault(name));
        }
        catch (WebhookVerificationException)
        {
            return null;
        }
    }

    [Test]
    public async Task SendWaitForOkFollowTheEventsCursorAndVerifyTheWebhookThroughASecretRotation()
    {
        using var hook = new HookListener();
        var created = await _client.Webhooks.CreateAsync(new CreateWebhookRequest { Url = hook.Url, Events = [EventTypes.Ok], BatchSize = 1 });
        Assert.That(created.Secret, Does.StartWith("whsec_"));

        var accepted = await _client.Messages.SendAsync(Message("ok"));
        var id = accepted.Messages!.Single().Id!;
        Assert.That(accepted.Messages!.Single().Status, Is.EqualTo("accepted"));
        await WaitForStatusAsync(id, EventTypes.Ok);

        // A page of one event at a time: the stream follows the cursor to the end.
        var events = new List<EventView>();
        await foreach (var e in _client.Events.StreamAsync(new EventQuery { MessageId = id, Limit = 1 }))
        {
            events.Add(e);
        }

        Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { EventTypes.Injected, EventTypes.Ok }));
        var first = await VerifiedAsync(hook, new WebhookVerifier(created.Secret!), id);
        var delivered = first.SelectMany(v => v.Events).Single(e => e.MessageId == id);
        Assert.That(delivered.Id, Is.EqualTo(events[1].Id), "the webhook carries the same event as the API");
        Assert.That(delivered.Smtp?.Code, Is.EqualTo(250));

        // Rotation: the next batch carries two signatures; the old secret, the new one, or both verify; another does not.
        var rotated = await _client.Webhooks.RotateSecretAsync(created.Id!);
        Assert.That(rotated.PreviousSecretExpiresAt, Is.GreaterThan(DateTimeOffset.UtcNow));
        var second = (await _client.Messages.SendAsync(Message("ok"))).Messages!.Single().Id!;
        await VerifiedAsync(hook, new WebhookVerifier(rotated.Secret!), second);
        await VerifiedAsync(hook, new WebhookVerifier(created.Secret!), second);
        var request = hook.Received.Last(r => Encoding.UTF8.GetString(r.Body).Contains(second, StringComparison.Ordinal));
        Assert.That(request.Headers["webhook-signature"]!.Split(' '), Has.Length.EqualTo(2));
        Assert.That(Verify(new WebhookVerifier("whsec_" + Convert.ToBase64String(new byte[32])), request), Is.Null);
        Assert.That(Verify(new WebhookVerifier(rotated.Secret!), (request.Headers, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("\"ok\"", "\"hardbounce\"", StringComparison.Ordinal)))), Is.Null, "a tampered body");

        var deliveries = await _client.Webhooks.ListDeliveriesAsync(created.Id!);
        Assert.That(deliveries.Data, Is.Not.Empty);
        Assert.That(deliveries.Data.Select(d => d.StatusCode), Has.All.EqualTo(204));
        await _client.Webhooks.DeleteAsync(created.Id!);
    }

    [Test]
    public async Task ErrorsCarryTheProblemDetailsAndOnlyTooManyRequestsOrUnavailableWouldBeRetried()
    {
        var attempts = 0;
        var services = new ServiceCollection();
        services.AddSendGatewayClient(o => { o.BaseAddress = BaseAddress; o.ApiKey = Tenant.ApiKey; })
            .AddHttpMessageHandler(() => new CountingHandler(() => Interlocked.Increment(ref attempts)));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SendGatewayClient>();

        var invalid = Message("ok") with { To = [new Recipient { Email = "not an address" }] };
        var error = Assert.ThrowsAsync<SendGatewayException>(() => client.Messages.SendAsync(invalid))!;
        Assert.That(error.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(error.Code, Is.EqualTo("validation_error"));
        Assert.That(error.Errors.Keys, Does.Contain("to[0].email"));
        Assert.That(attempts, Is.EqualTo(1), "a 422 is not retried");

        var missing = Assert.ThrowsAsync<SendGatewayException>(() => client.Messages.GetAsync("msg_doesnotexist"))!;
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Code, Is.EqualTo("not_found"));
        Assert.That(attempts, Is.EqualTo(2), "a 404 is not retried");

        var wrongKey = SendGatewayClient.Create(new SendGatewayClientOptions { BaseAddress = BaseAddress, ApiKey = "sgk_nope_nope" });
        var unauthorized = Assert.ThrowsAsync<SendGatewayException>(() => wrongKey.Account.GetSettingsAsync())!;
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.That(async () => await client.Account.GetSettingsAsync(cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task TheSameIdempotencyKeySendsOnceAndADifferentBodyIsRefused()
    {
        var key = Guid.NewGuid().ToString("N");
        var message = Message("ok");
        var first = await _client.Messages.SendAsync(message, key);
        var again = await _client.Messages.SendAsync(message, key);
        Assert.That(again.BatchId, Is.EqualTo(first.BatchId));
        Assert.That(again.Messages!.Single().Id, Is.EqualTo(first.Messages!.Single().Id));
        var changed = Assert.ThrowsAsync<SendGatewayException>(() => _client.Messages.SendAsync(message with { Subject = "Other" }, key))!;
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task SuppressionsGoInAsCsvAndComeOutAsCsvAndTemplatesRender()
    {
        var address = $"csv-{Guid.NewGuid():N}@example.test";
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes($"email,reason\n{address},manual\n"));
        var added = await _client.Suppressions.ImportAsync(csv);
        Assert.That(added.Count, Is.EqualTo(1));
        Assert.That((await _client.Suppressions.GetAsync(address)).Reason, Is.EqualTo("manual"));
        await using (var export = await _client.Suppressions.ExportAsync())
        {
            using var reader = new StreamReader(export);
            Assert.That(await reader.ReadToEndAsync(), Does.Contain(address));
        }

        await _client.Suppressions.DeleteAsync(address);
        Assert.That((await _client.Suppressions.ListAsync(email: address)).Data, Is.Empty);

        var template = await _client.Templates.CreateAsync(new CreateTemplateRequest
        {
            Id = $"welcome-{Guid.NewGuid():N}"[..20], Name = "Welcome", Subject = "Hi {{ first }}", Text = "Hello {{ first }}", Html = "<p>Hello {{ first }}</p>",
        });
        var rendered = await _client.Templates.RenderStoredAsync(template.Id!, new RenderTemplateRequest { Vars = new() { ["first"] = "Ann" } });
        Assert.That(rendered.Subject, Is.EqualTo("Hi Ann"));
        var badSyntax = Assert.ThrowsAsync<SendGatewayException>(() => _client.Templates.RenderAsync(new RenderTemplateRequest { Subject = "{% if %}", Text = "x" }))!;
        Assert.That(badSyntax.Errors, Is.Not.Empty);
        Assert.That((await _client.Domains.GetAsync(SenderDomain!)).Name, Is.EqualTo(SenderDomain));
    }

    [Test]
    public async Task TheOperatorReadsATenantsMessageAndExportWithAReasonThatTheAuditLogKeeps()
    {
        var id = (await _client.Messages.SendAsync(Message("ok"))).Messages!.Single().Id!;
        await WaitForStatusAsync(id, EventTypes.Ok);
        var operatorClient = SendGatewayClient.Create(new SendGatewayClientOptions { BaseAddress = BaseAddress, ApiKey = SendGatewayFactory.AdminKey });
        var reason = $"ticket {Guid.NewGuid():N}";

        var read = await operatorClient.Admin.GetMessageAsync(Tenant.Id, id, reason);
        Assert.That(read.Id, Is.EqualTo(id));
        Assert.That(read.Status, Is.EqualTo(EventTypes.Ok));
        await using (var export = await operatorClient.Admin.ExportTenantAsync(Tenant.Id, reason))
        {
            using var reader = new StreamReader(export);
            Assert.That(await reader.ReadToEndAsync(), Does.Contain(id), "the export holds the tenant's message row");
        }

        var purposes = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await _client.Account.ListAuditLogAsync(100, cursor);
            purposes.AddRange(page.Data.Where(e => e.Actor == "operator").Select(e => e.Purpose));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.That(purposes.Count(p => p == reason), Is.EqualTo(2), "both reads are in the tenant's audit log with their reason");
    }

    private sealed class CountingHandler(Action count) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            count();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
