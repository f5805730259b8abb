using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Webhooks;

/// <summary>
/// Rotating an endpoint's secret (the previous one signs beside the new one until its overlap ends) and replaying
/// failed batches (by webhook-id or by time range), verified by the Node receiver with the npm <c>standardwebhooks</c>.
/// </summary>
[TestFixture]
public sealed class WebhookReplayTests
{
    private const string Domain = "hooks-replay.test";
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;
    private WebhookReceiver _receiver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // A batch gives up after a second of failures, so a test sees one fail.
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?> { ["SendGateway:Webhooks:MaxRetryAge"] = "00:00:01" });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, Domain);
        _receiver = await WebhookReceiver.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _receiver.DisposeAsync();
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task<(string Id, string Secret)> CreateHookAsync(string name, int status)
    {
        var response = await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.UrlFor(name), batch_size = 10 });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        await _receiver.ConfigureAsync(name, secret, status);
        return (body.GetProperty("id").GetString()!, secret);
    }

    private async Task<bool> TestVerifiesAsync(string hook, string name, string secret)
    {
        await _receiver.ConfigureAsync(name, secret, 204);
        var result = await (await _tenant.Client.PostAsync($"/v1/webhooks/{hook}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = result.GetProperty("webhook_message_id").GetString();
        return (await _receiver.ReceivedAsync(name)).Single(r => r.WebhookId == id).Verified;
    }

    [Test]
    public async Task ARotatedSecretSignsBesideThePreviousOneWhichStopsAtTheNextRotation()
    {
        var (hook, first) = await CreateHookAsync("rotate", 204);
        var rotated = await (await _tenant.Client.PostAsync($"/v1/webhooks/{hook}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var second = rotated.GetProperty("secret").GetString()!;
        Assert.That(second, Does.StartWith("whsec_").And.Not.EqualTo(first));
        Assert.That(rotated.GetProperty("previous_secret_expires_at").GetDateTimeOffset(), Is.GreaterThan(DateTimeOffset.UtcNow.AddHours(23)), "24 h by default");

        Assert.That(await TestVerifiesAsync(hook, "rotate", first), Is.True, "receivers not yet switched still verify");
        Assert.That(await TestVerifiesAsync(hook, "rotate", second), Is.True, "switched receivers verify");
        var signature = (await _receiver.ReceivedAsync("rotate"))[^1].WebhookSignature!;
        Assert.That(signature.Split(' '), Has.Length.EqualTo(2).And.All.StartWith("v1,"));

        var third = (await (await _tenant.Client.PostAsync($"/v1/webhooks/{hook}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        Assert.That(await TestVerifiesAsync(hook, "rotate", first), Is.False, "two rotations ago: no longer signs");
        Assert.That(await TestVerifiesAsync(hook, "rotate", third), Is.True);
        Assert.That((await _tenant.Client.PostAsync("/v1/webhooks/whk_nope/rotate-secret", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AFailedBatchIsReplayedByItsIdAndByTimeRangeWithTheSameWebhookIdAndBody()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (hook, secret) = await CreateHookAsync("replay", 503);
        var send = await _tenant.SendAsync(new { from = new { email = $"news@{Domain}" }, to = new[] { new { email = $"ok+{Guid.NewGuid():N}@simulator.sendgateway.test" } }, subject = "Hi", text = "Hello" });
        var message = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await _tenant.WaitForStatusAsync(message, "ok");

        var batch = await FailedWebhookBatch.WaitAsync(_factory, _tenant.Id);
        var (failed, _) = await FailedWebhookBatch.SettledAsync(_factory, _tenant.Id); // the message's events may make more than one batch
        Assert.That(await ReplayAsync(hook, new { }), Is.EqualTo(HttpStatusCode.UnprocessableEntity), "nothing named");
        Assert.That(await ReplayAsync(hook, new { batch_id = batch, from = started }), Is.EqualTo(HttpStatusCode.UnprocessableEntity), "both named");
        Assert.That(await ReplayAsync("whk_nope", new { batch_id = batch }), Is.EqualTo(HttpStatusCode.NotFound));

        await _receiver.ConfigureAsync("replay", secret, 204);
        var replayed = await (await _tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { batch_id = batch })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(replayed.GetProperty("replayed").GetInt32(), Is.EqualTo(1));
        var delivered = await Polling.UntilAsync(async () => (await _receiver.ReceivedAsync("replay")).Where(r => r.WebhookId == batch && r.Status == 204).ToList(), d => d.Count == 1, TimeSpan.FromSeconds(30));
        var failedBody = (await _receiver.ReceivedAsync("replay")).First(r => r.WebhookId == batch).Body;
        Assert.That(delivered[0].Body, Is.EqualTo(failedBody), "the same body under the same webhook-id");
        Assert.That(delivered[0].Verified, Is.True);

        var rest = await (await _tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = started })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(rest.GetProperty("replayed").GetInt32(), Is.EqualTo(failed - 1), "the range: every other failed batch");
        var settled = await FailedWebhookBatch.SettledAsync(_factory, _tenant.Id);
        Assert.That(settled, Is.EqualTo((0L, failed)), "all delivered now");
        var again = await (await _tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = started })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(again.GetProperty("replayed").GetInt32(), Is.Zero, "delivered batches are left alone unless asked");
        var all = await (await _tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", new { from = started, include_delivered = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(all.GetProperty("replayed").GetInt32(), Is.EqualTo(failed), "every batch of the range, delivered or not");
        var deliveredTwice = await Polling.UntilAsync(async () => (await _receiver.ReceivedAsync("replay")).Count(r => r.WebhookId == batch && r.Status == 204), n => n >= 2, TimeSpan.FromSeconds(30));
        Assert.That(deliveredTwice, Is.EqualTo(2), "include_delivered sent the already delivered batch once more");
    }

    private async Task<HttpStatusCode> ReplayAsync(string hook, object body) => (await _tenant.Client.PostAsJsonAsync($"/v1/webhooks/{hook}/replay", body)).StatusCode;
}
