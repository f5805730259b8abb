using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;
using SendGateway.Server.Common;
using SendGateway.Server.EventContract;
using SendGateway.Server.Queue;
using StackExchange.Redis;

namespace SendGateway.IntegrationTests.Api;

/// <summary>
/// GET /v1/messages (issue 39 §2): one entry per message with the subject kept at accept (REST rendered per recipient,
/// relay from the header), searched by recipient, subject words, id, tag, stream, status and time, newest first with a
/// cursor, opens and clicks by people counted by the ingester; a tenant that turns keep_subjects off keeps none.
/// </summary>
[TestFixture]
public sealed class MessageListTests() : TenantFixture("api,relay,delivery,events", "list.test")
{
    private string _reset = null!;
    private string _news = null!;
    private string _resetTo = null!;

    [OneTimeSetUp]
    public async Task SendTheMessagesAsync()
    {
        _resetTo = $"Ada-{Guid.NewGuid():N}@mx-ok.test";
        _reset = await SendAsync(new
        {
            from = new { email = "s@list.test" }, to = new[] { new { email = _resetTo, vars = new { name = "Ada" } } },
            subject = "Password reset for {{ name }}", text = "t", tags = new[] { "auth" },
        });
        await Tenant.WaitForStatusAsync(_reset, "ok");
        _news = await SendAsync(new
        {
            from = new { email = "s@list.test" }, to = new[] { new { email = $"news-{Guid.NewGuid():N}@mx-ok.test" } },
            subject = "Weekly news", text = "t", tags = new[] { "news" }, stream = "broadcast",
        });
        await Tenant.WaitForStatusAsync(_news, "ok");
    }

    private async Task<string> SendAsync(object message)
    {
        var response = await Tenant.SendAsync(message);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private async Task<List<JsonElement>> ListAsync(string query) =>
        [.. (await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages?{query}")).GetProperty("data").EnumerateArray()];

    private async Task<List<string>> IdsAsync(string query) => [.. (await ListAsync(query)).Select(m => m.GetProperty("id").GetString()!)];

    [Test]
    public async Task EachMessageIsOneEntryWithItsRenderedSubjectStreamTagsAndStatus()
    {
        var found = await ListAsync($"recipient={Uri.EscapeDataString(_resetTo.ToUpperInvariant())}");
        Assert.That(found, Has.Count.EqualTo(1), "the address matches in any case");
        var reset = found[0];
        Assert.That(reset.GetProperty("id").GetString(), Is.EqualTo(_reset));
        Assert.That(reset.GetProperty("subject").GetString(), Is.EqualTo("Password reset for Ada"), "the subject as rendered for this recipient");
        Assert.That(reset.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(reset.GetProperty("stream").GetString(), Is.EqualTo("transactional"));
        Assert.That(reset.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "auth" }));
        Assert.That((await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages/{_reset}")).GetProperty("subject").GetString(), Is.EqualTo("Password reset for Ada"));
    }

    [Test]
    public async Task SearchesBySubjectWordsTagStreamStatusAndId()
    {
        Assert.That(await IdsAsync("subject=pass"), Is.EqualTo(new[] { _reset }), "a word prefix");
        Assert.That(await IdsAsync("subject=RESET%20ada"), Is.EqualTo(new[] { _reset }), "every word, any case");
        Assert.That(await IdsAsync("subject=weekly%20reset"), Is.Empty, "all words must be there");
        Assert.That(await IdsAsync("tag=news"), Is.EqualTo(new[] { _news }));
        Assert.That(await IdsAsync("stream=broadcast"), Is.EqualTo(new[] { _news }));
        Assert.That(await IdsAsync("stream=transactional&status=ok"), Does.Contain(_reset).And.Not.Contain(_news));
        Assert.That(await IdsAsync($"message_id={_news}"), Is.EqualTo(new[] { _news }));
        Assert.That(await IdsAsync("status=hardbounce"), Is.Empty);
        Assert.That(await IdsAsync($"since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"), Is.Empty);
    }

    [Test]
    public async Task PagesNewestFirstWithTheCursor()
    {
        var first = await Tenant.Client.GetFromJsonAsync<JsonElement>("/v1/messages?tag=auth&limit=1");
        Assert.That(first.GetProperty("next_cursor").ValueKind, Is.EqualTo(JsonValueKind.Null), "one auth message: no more pages");
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/messages?limit=1{(cursor is null ? "" : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null && seen.Count < 50);

        Assert.That(seen.IndexOf(_news), Is.LessThan(seen.IndexOf(_reset)), "the later message first");
        Assert.That(seen, Is.Unique);
    }

    [Test]
    public async Task OpensAndClicksByPeopleAreCountedOnTheMessage()
    {
        var id = await SendAsync(new { from = new { email = "s@list.test" }, to = new[] { new { email = $"eng-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "Engaged", text = "t" });
        await Tenant.WaitForStatusAsync(id, "ok");
        using var redis = await ConnectionMultiplexer.ConnectAsync(Factory.RedisConnectionString);
        // Opens and clicks as the tracking host writes them to the event stream: two opens by a person, one by a proxy, a click.
        foreach (var (type, machine) in new[] { (EventTypes.Open, false), (EventTypes.Open, true), (EventTypes.Open, false), (EventTypes.Click, false) })
        {
            var e = new EventRecord
            {
                Id = Ids.New("evt"), Type = type, Timestamp = DateTimeOffset.UtcNow, MessageId = id, BatchId = "bat_x", Sequence = 3, Recipient = string.Empty,
                RecipientDomain = string.Empty, From = string.Empty, Machine = machine, TenantId = Tenant.Id,
            };
            await redis.GetDatabase().StreamAddAsync(QueueKeys.Events(0), "e", JsonSerializer.Serialize(e, EventJsonContext.Default.EventRecord));
        }

        var counted = await Polling.UntilAsync(
            async () => (await ListAsync($"message_id={id}")).Single(), m => m.GetProperty("clicks").GetInt32() == 1, TimeSpan.FromSeconds(30));
        Assert.That(counted.GetProperty("opens").GetInt32(), Is.EqualTo(2), "the proxy's open is not a person's");
        Assert.That(counted.GetProperty("clicks").GetInt32(), Is.EqualTo(1));
        Assert.That(counted.GetProperty("status").GetString(), Is.EqualTo("click"));
    }

    [Test]
    public async Task ARelayMessageKeepsItsSubjectHeader()
    {
        var to = $"relay-{Guid.NewGuid():N}@mx-ok.test";
        var replies = await (await RelaySubmitter.CreateAsync(Factory, Tenant)).SubmitAsync("s@list.test", [to]);
        Assert.That(replies.Queued, Is.True, replies.EndOfData);
        var found = await Polling.UntilAsync(() => ListAsync($"recipient={Uri.EscapeDataString(to)}"), l => l.Count == 1, TimeSpan.FromSeconds(30));
        Assert.That(found.Single().GetProperty("subject").GetString(), Is.EqualTo("relay"));
    }

    [Test]
    public async Task ATenantThatKeepsNoSubjectsHasNoneStored()
    {
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "nosubject.test");
        (await other.Client.PutAsJsonAsync("/v1/settings", new { keep_subjects = false })).EnsureSuccessStatusCode();
        var response = await other.SendAsync(new { from = new { email = "s@nosubject.test" }, to = new[] { new { email = $"x-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "Private matter", text = "t" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        var message = await other.WaitForStatusAsync(id, "ok");
        Assert.That(message.GetProperty("subject").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That((await other.Client.GetFromJsonAsync<JsonElement>("/v1/messages?subject=private")).GetProperty("data").GetArrayLength(), Is.Zero);
        Assert.That((await other.Client.GetFromJsonAsync<JsonElement>($"/v1/messages?message_id={_reset}")).GetProperty("data").GetArrayLength(), Is.Zero,
            "another tenant's message is not found");
    }

    [TestCase("subject=%21%21", "subject")]
    [TestCase("message_id=a%00b", "message_id")]
    [TestCase("status=sent", "status")]
    [TestCase("stream=Not%20a%20stream", "stream")]
    [TestCase("cursor=nonsense", "cursor")]
    [TestCase("limit=0", "limit")]
    public async Task AFilterThatCannotBeReadIsA422NamingIt(string query, string field)
    {
        using var response = await Tenant.Client.GetAsync($"/v1/messages?{query}");
        Assert.That((int)response.StatusCode, Is.EqualTo(422), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }
}
