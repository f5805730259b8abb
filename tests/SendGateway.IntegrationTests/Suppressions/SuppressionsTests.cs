using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Suppressions;

/// <summary>The suppression list (api.md §5): its API, the drop at accept, and the automatic entries from events.</summary>
[TestFixture]
public sealed class SuppressionsTests() : TenantFixture("api,delivery,events", "suppress-acme.test")
{
    private const string Sim = "simulator.sendgateway.test";

    private static string Tagged(string local, string domain = Sim) => $"{local}+{Guid.NewGuid():N}@{domain}";

    private async Task<JsonElement> SendAsync(params string[] to)
    {
        var response = await Tenant.SendAsync(new { from = new { email = $"news@{SenderDomain}" }, to = to.Select(e => new { email = e }), subject = "Hi", text = "Hello" });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages");
    }

    private async Task AddAsync(params object[] entries)
    {
        var response = await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = entries });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement?> CheckAsync(string email)
    {
        var response = await Tenant.Client.GetAsync($"/v1/suppressions/{email}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> WaitForSuppressionAsync(string email, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await CheckAsync(email) is { } entry)
            {
                return entry;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{email} was not suppressed within {seconds} s");
        throw new InvalidOperationException("unreachable");
    }

    [Test]
    public async Task EntriesCanBeAddedCheckedListedAndDeletedAndADomainEntryBlocksEveryAddressInIt()
    {
        var address = Tagged("Person", "list-test.test");
        var domain = $"@blocked-{Guid.NewGuid():N}.test";
        await AddAsync(new { email = address }, new { email = domain, reason = "manual" });

        var own = await CheckAsync(address.ToUpperInvariant());
        Assert.That(own?.GetProperty("email").GetString(), Is.EqualTo(address.ToLowerInvariant()));
        Assert.That(own?.GetProperty("reason").GetString(), Is.EqualTo("manual"));
        var viaDomain = await CheckAsync($"anyone{domain}");
        Assert.That(viaDomain?.GetProperty("email").GetString(), Is.EqualTo(domain));

        var list = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/suppressions?email={Uri.EscapeDataString(address)}");
        Assert.That(list.GetProperty("data").GetArrayLength(), Is.EqualTo(1));

        Assert.That((await Tenant.Client.DeleteAsync($"/v1/suppressions/{address}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await CheckAsync(address), Is.Null);
        Assert.That((await Tenant.Client.DeleteAsync($"/v1/suppressions/{address}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task InvalidEntriesAreRefusedWithTheFieldPathAndNothingIsAdded()
    {
        var good = Tagged("good", "list-test.test");
        var response = await Tenant.Client.PostAsJsonAsync("/v1/suppressions", new { suppressions = new object[] { new { email = good }, new { email = "not an address" }, new { email = Tagged("x", "list-test.test"), reason = "because" } } });
        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.That(errors.TryGetProperty("suppressions[1].email", out _), Is.True, errors.ToString());
        Assert.That(errors.TryGetProperty("suppressions[2].reason", out _), Is.True, errors.ToString());
        Assert.That(await CheckAsync(good), Is.Null);
    }

    [Test]
    public async Task ASendToASuppressedAddressIsDroppedWithReasonSuppressedWhileTheOtherRecipientIsDelivered()
    {
        var blocked = Tagged("ok");
        var open = Tagged("ok");
        await AddAsync(new { email = blocked });

        var messages = await SendAsync(blocked, open);
        var dropped = messages[0];
        Assert.That(dropped.GetProperty("status").GetString(), Is.EqualTo("dropped"));
        Assert.That(dropped.GetProperty("reason").GetString(), Is.EqualTo("suppressed"));
        Assert.That(messages[1].GetProperty("status").GetString(), Is.EqualTo("accepted"));

        var message = await Tenant.WaitForStatusAsync(dropped.GetProperty("id").GetString()!, "dropped");
        var events = message.GetProperty("events").EnumerateArray().ToList();
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "dropped" }));
        Assert.That(events[0].GetProperty("reason").GetString(), Is.EqualTo("suppressed"));
        await Tenant.WaitForStatusAsync(messages[1].GetProperty("id").GetString()!, "ok");
    }

    [Test]
    public async Task AHardBounceSuppressesTheAddressSoTheNextSendIsDropped()
    {
        var rcpt = Tagged("hardbounce");
        var first = (await SendAsync(rcpt))[0].GetProperty("id").GetString()!;
        await Tenant.WaitForStatusAsync(first, "hardbounce");
        var entry = await WaitForSuppressionAsync(rcpt);
        Assert.That(entry.GetProperty("reason").GetString(), Is.EqualTo("hardbounce"));
        Assert.That(entry.GetProperty("source_message_id").GetString(), Is.EqualTo(first));

        var second = (await SendAsync(rcpt))[0];
        Assert.That(second.GetProperty("status").GetString(), Is.EqualTo("dropped"));
    }

    [TestCase("spambounce", "spambounce")]
    [TestCase("feedback", "feedback")]
    [TestCase("unsubscribe", "unsubscribe")]
    public async Task SpamBlocksComplaintsAndUnsubscribesSuppressTheAddress(string local, string reason)
    {
        var rcpt = Tagged(local);
        await SendAsync(rcpt);
        var entry = await WaitForSuppressionAsync(rcpt);
        Assert.That(entry.GetProperty("reason").GetString(), Is.EqualTo(reason));
    }

    [Test]
    public async Task CsvImportOf100000EntriesIsAllOrNothingAndTheExportReturnsThem()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("email,reason\n");
        for (var i = 0; i < 100_000; i++)
        {
            csv.Append("user").Append(i).Append('.').Append(run).Append("@import.test,").Append(i % 2 == 0 ? "manual" : "unsubscribe").Append('\n');
        }

        var bad = new StringContent(csv + "broken line\n", Encoding.UTF8, "text/csv");
        var refused = await Tenant.Client.PostAsync("/v1/suppressions/import", bad);
        Assert.That((int)refused.StatusCode, Is.EqualTo(422));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("line 100002"));
        Assert.That(await CheckAsync($"user7.{run}@import.test"), Is.Null, "a refused import must add nothing");

        var clock = Stopwatch.StartNew();
        var response = await Tenant.Client.PostAsync("/v1/suppressions/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        clock.Stop();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32(), Is.EqualTo(100_000));
        TestContext.Out.WriteLine($"Imported 100000 suppressions in {clock.ElapsedMilliseconds} ms");

        Assert.That((await CheckAsync($"user99999.{run}@import.test"))?.GetProperty("reason").GetString(), Is.EqualTo("unsubscribe"));
        var export = await Tenant.Client.GetAsync("/v1/suppressions/export");
        Assert.That(export.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("email,reason,created_at,expires_at"));
        Assert.That(lines.Count(l => l.Contains($".{run}@import.test,", StringComparison.Ordinal)), Is.EqualTo(100_000));
    }

    [Test]
    public async Task AnImportThatIsNotCsvIs415()
    {
        var response = await Tenant.Client.PostAsync("/v1/suppressions/import", new StringContent("a@b.test", Encoding.UTF8, "application/json"));
        Assert.That((int)response.StatusCode, Is.EqualTo(415));
    }
}
