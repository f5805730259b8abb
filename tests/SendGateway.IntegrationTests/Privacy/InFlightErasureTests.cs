using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T105, the parts <see cref="ErasureTests"/> does not drive: an erasure while a delivery attempt to the
/// person is in flight (the MX holds its answer to the data until the erasure has returned, then accepts), and an
/// erasure run a second time. The attempt's outcome arrives with the plain address after the erasure: it brings back
/// no event, message, kept copy or webhook payload. The second run removes nothing and says so; both are audited,
/// without the address.
/// </summary>
[TestFixture]
public sealed class InFlightErasureTests
{
    private const string Destination = "inflight-erase.test";
    private readonly TaskCompletionSource _erased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _held = $"held{Guid.NewGuid():N}@{Destination}";
    private RawMx _mx = null!;
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // The answer to the held person's data waits for the erasure; every other message is accepted at once.
        _mx = new RawMx(async (c, _) => await RawMx.ServeAsync(c, afterData: async x =>
        {
            if (x.Owner.Received.LastOrDefault()?.Contains(_held, StringComparison.OrdinalIgnoreCase) == true) // one connection: the last one received is this one
            {
                await _erased.Task;
            }

            await x.WriteAsync("250 2.0.0 Ok: queued");
        }));
        _factory = new SendGatewayFactory("api,delivery,events", new Dictionary<string, string?>
        {
            [$"SendGateway:Delivery:Routes:{Destination}"] = $"127.0.0.1:{_mx.Port}",
            ["SendGateway:Delivery:MaxConnectionsPerDestination"] = "1", // one connection: the next message follows the held one's outcome
            ["SendGateway:Delivery:CommandTimeout"] = "00:02:00", // the held answer is not a timeout on a loaded machine
        });
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "inflight-acme.test");
        (await _tenant.Client.PutAsJsonAsync("/v1/settings", new { keep_content_days = 7 })).EnsureSuccessStatusCode(); // copies as sent are kept
        (await _tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/down" })).EnsureSuccessStatusCode(); // payloads pile up
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _erased.TrySetResult();
        _tenant.Dispose();
        await _factory.DisposeAsync();
        await _mx.DisposeAsync();
    }

    private async Task<string> SendAsync(string to)
    {
        using var response = await _tenant.SendAsync(new { from = new { email = "a@inflight-acme.test" }, to = new[] { new { email = to } }, subject = "s", text = "body for " + to });
        Assert.That((int)response.StatusCode, Is.EqualTo(202), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> EraseAsync(string email)
    {
        using var response = await _tenant.Client.PostAsJsonAsync("/v1/privacy/erasures", new { emails = new[] { email } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static bool Holds(string dump, string address) =>
        dump.Contains(address, StringComparison.OrdinalIgnoreCase) || dump.Contains(JsonEncodedText.Encode(address).ToString(), StringComparison.OrdinalIgnoreCase);

    [Test]
    public async Task AnAttemptInFlightDuringTheErasureBringsNoTraceOfTheAddressBackWhenItCompletes()
    {
        var id = await SendAsync(_held);
        var inFlight = await Polling.UntilAsync(() => Task.FromResult(_mx.Received.Any(m => m.Contains(_held, StringComparison.OrdinalIgnoreCase))), r => r, TimeSpan.FromSeconds(60));
        Assert.That(inFlight, Is.True, "the MX has the held person's data and has not answered it");

        await EraseAsync(_held);
        _erased.TrySetResult(); // now the MX accepts: the attempt ends ok, its outcome naming the person

        // Positive signal: a later message on the same single connection is delivered and its outcome stored, so the
        // held attempt's outcome (same destination, same event stream, recorded before the next message is sent) was read.
        var after = await SendAsync($"after{Guid.NewGuid():N}@{Destination}");
        await _tenant.WaitForIngestedStatusAsync(after, "ok", seconds: 60);

        var postgres = await StorageDump.PostgresAsync(_factory);
        var redis = await StorageDump.RedisAsync(_factory);
        Assert.That(Holds(postgres, _held), Is.False, "PostgreSQL holds the erased address again (event, message, kept copy or webhook payload):\n" +
            string.Join('\n', postgres.Split('\n').Where(l => Holds(l, _held)).Select(l => l.Length > 300 ? l[..300] : l)));
        Assert.That(Holds(redis, _held), Is.False, "Redis holds the erased address again");
        Assert.That((await _tenant.Client.GetAsync($"/v1/messages/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the API returns nothing for the person");
        var events = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={Uri.EscapeDataString(_held)}");
        Assert.That(events.GetProperty("data").GetArrayLength(), Is.Zero, "no event about the person");
    }

    [Test]
    public async Task ASecondErasureOfTheSameAddressRemovesNothingAndBothAreAuditedWithoutTheAddress()
    {
        var person = $"twice{Guid.NewGuid():N}@{Destination}";
        await _tenant.WaitForIngestedStatusAsync(await SendAsync(person), "ok", seconds: 60);

        var first = await EraseAsync(person);
        Assert.That(first.GetProperty("messages").GetInt64(), Is.EqualTo(1), first.ToString());
        Assert.That(first.GetProperty("suppressions_hashed").GetInt64(), Is.EqualTo(1), first.ToString());
        var second = await EraseAsync(person);
        foreach (var count in new[] { "messages", "events", "webhook_batches", "recipient_bounces", "queued_entries", "pending_events", "idempotency_records", "suppressions_hashed" })
        {
            Assert.That(second.GetProperty(count).GetInt64(), Is.Zero, $"the second erasure removed {count}: {second}");
        }

        var export = await _tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/privacy/export?email={Uri.EscapeDataString(person)}");
        Assert.That(export.GetProperty("messages").GetArrayLength(), Is.Zero);
        Assert.That(export.GetProperty("suppression").GetProperty("email").GetString(), Does.StartWith("h:"), "still suppressed by keyed hash, once");
        var again = await (await _tenant.SendAsync(new { from = new { email = "a@inflight-acme.test" }, to = new[] { new { email = person } }, subject = "s", text = "t" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(again.GetProperty("messages")[0].GetProperty("status").GetString(), Is.EqualTo("dropped"), "still unmailable");

        var log = (await _tenant.Client.GetFromJsonAsync<JsonElement>("/v1/audit-log?limit=1000")).GetProperty("data").EnumerateArray().ToList();
        var erasures = log.Where(e => e.GetProperty("action").GetString() == "POST /v1/privacy/erasures").ToList();
        Assert.That(erasures, Has.Count.GreaterThanOrEqualTo(2), "each erasure has its record");
        Assert.That(erasures.Select(e => e.GetProperty("actor").GetString()), Is.All.StartWith("key:"), "the actor: the API key that asked");
        Assert.That(erasures.Select(e => e.GetProperty("at").GetDateTime()), Is.All.GreaterThan(DateTime.UtcNow.AddHours(-1)));
        Assert.That(JsonSerializer.Serialize(log), Does.Not.Contain(person).IgnoreCase, "the audit log does not name the person");
    }
}
