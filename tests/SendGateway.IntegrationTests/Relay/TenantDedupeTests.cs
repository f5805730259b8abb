using System.Net;
using System.Net.Http.Json;
using SendGateway.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Relay;

/// <summary>
/// A tenant's optional de-duplication (reliability.md §4 row 9, T82; setting <c>dedupe_window_minutes</c>): a message with
/// the Message-ID and recipient of one queued within the window is answered with the first one's id and not queued
/// again; another recipient, or the same one after the window, is queued. Through the real relay, counted in Redis's queue.
/// </summary>
[TestFixture]
public sealed class TenantDedupeTests
{
    [Test]
    public async Task AResentMessageIdToTheSameRecipientWithinTheWindowIsQueuedOnceAndOtherwiseAgain()
    {
        var clock = new AdjustableTimeProvider();
        await using var relay = new SendGatewayFactory("api,relay", clock: clock); // no delivery: every queued copy stays in its stream
        relay.StartServer();
        using var tenant = await relay.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "dedupe.test");
        Assert.That((await tenant.Client.PutAsJsonAsync("/v1/settings", new { dedupe_window_minutes = 1441 })).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "bounded");
        (await tenant.Client.PutAsJsonAsync("/v1/settings", new { dedupe_window_minutes = 10 })).EnsureSuccessStatusCode();
        var settings = await (await tenant.Client.GetAsync("/v1/settings")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.That(settings.GetProperty("dedupe_window_minutes").GetInt32(), Is.EqualTo(10));
        var submitter = await RelaySubmitter.CreateAsync(relay, tenant);
        using var redis = await ConnectionMultiplexer.ConnectAsync(relay.RedisConnectionString);
        var db = redis.GetDatabase();
        var (first, second) = ($"first-{Guid.NewGuid():N}@mx-ok.test", $"second-{Guid.NewGuid():N}@mx-ok.test");
        var messageId = $"Message-ID: <{Guid.NewGuid():N}@dedupe.test>\r\n";

        var queued = await SubmitAsync(submitter, first, messageId);
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(1));

        Assert.That(await SubmitAsync(submitter, first, messageId), Is.EqualTo(queued), "the resend is answered with the first message's id");
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(1), "and not queued again");

        Assert.That(await SubmitAsync(submitter, second, messageId), Is.Not.EqualTo(queued), "another recipient is another message");
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(2));

        Assert.That(await SubmitAsync(submitter, first, $"Message-ID: <{Guid.NewGuid():N}@dedupe.test>\r\n"), Is.Not.EqualTo(queued), "another Message-ID is another message");
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(3));

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.That(await SubmitAsync(submitter, first, messageId), Is.Not.EqualTo(queued), "after the window the same message is queued again");
        Assert.That(await QueueProbe.WaitingAsync(db), Is.EqualTo(4));
        Assert.That(redis.GetServer(redis.GetEndPoints()[0]).Keys(relay.RedisDatabase, "sg:dedupe:*").Select(k => k.ToString()),
            Has.None.Contains("mx-ok.test"), "no address in the records' names");
    }

    /// <summary>Submits one message to <paramref name="recipient"/>; returns the message id its 250 names.</summary>
    private static async Task<string> SubmitAsync(RelaySubmitter submitter, string recipient, string messageIdHeader)
    {
        var replies = await submitter.SubmitAsync("a@dedupe.test", [recipient], extraHeaders: messageIdHeader);
        Assert.That(replies.Queued, Is.True, replies.EndOfData);
        var named = System.Text.RegularExpressions.Regex.Match(replies.EndOfData, @"\(message (msg_\w+)\)");
        Assert.That(named.Success, Is.True, replies.EndOfData);
        return named.Groups[1].Value;
    }
}
