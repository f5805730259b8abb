using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Api;

/// <summary>Idempotency-Key on the creating POSTs (api.md §1, reliability.md T43, T45).</summary>
[TestFixture]
public sealed class IdempotencyTests() : TenantFixture("api,events", "idem.test")
{
    private static HttpRequestMessage Post(string key, object body) =>
        new(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

    private static object Message(string to) => new { from = new { email = "a@idem.test" }, to = new[] { new { email = to } }, subject = "s", text = "t" };

    [Test]
    public async Task TheSameKeyAndBodyReplaysTheFirstResponseAndQueuesNothingAgain()
    {
        var key = Guid.NewGuid().ToString();
        var rcpt = $"once-{Guid.NewGuid():N}@example.test";
        var first = await Tenant.Client.SendAsync(Post(key, Message(rcpt)));
        var second = await Tenant.Client.SendAsync(Post(key, Message(rcpt)));

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(first.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(second.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(b.GetProperty("batch_id").GetString(), Is.EqualTo(a.GetProperty("batch_id").GetString()));

        await Tenant.WaitForIngestedStatusAsync(a.GetProperty("messages")[0].GetProperty("id").GetString()!, "injected");
        var events = await Tenant.Client.GetFromJsonAsync<JsonElement>($"/v1/events?recipient={rcpt}");
        Assert.That(events.GetProperty("data").GetArrayLength(), Is.EqualTo(1), "one message, one injected event");
    }

    [Test]
    public async Task TheSameKeyWithADifferentBodyIs422()
    {
        var key = Guid.NewGuid().ToString();
        Assert.That((await Tenant.Client.SendAsync(Post(key, Message("x@example.test")))).StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await Tenant.Client.SendAsync(Post(key, Message("y@example.test")))).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
    }

    [Test]
    public async Task KeysAreScopedToTheTenant()
    {
        using var other = await Factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(other, "idem-other.test");
        var key = Guid.NewGuid().ToString();
        var mine = await Tenant.Client.SendAsync(Post(key, Message("x@example.test")));
        var theirs = await other.Client.SendAsync(Post(key, new { from = new { email = "a@idem-other.test" }, to = new[] { new { email = "x@example.test" } }, subject = "s", text = "t" }));
        Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(theirs.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That((await theirs.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString(),
            Is.Not.EqualTo((await mine.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("batch_id").GetString()));
    }

    [Test]
    public async Task AValidationErrorIsReplayedToo()
    {
        var key = Guid.NewGuid().ToString();
        var bad = new { from = new { email = "a@idem.test" }, to = new[] { new { email = "not-an-address" } }, subject = "s", text = "t" };
        Assert.That((await Tenant.Client.SendAsync(Post(key, bad))).StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var again = await Tenant.Client.SendAsync(Post(key, bad));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.True);
    }

    [Test]
    public async Task AQuotaRefusalIsNotKeptSoTheRetryWithTheSameKeyRunsAgain()
    {
        using var admin = Factory.CreateAdminClient();
        (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{Tenant.Id}", new { hourly_quota = 1 })).EnsureSuccessStatusCode();
        try
        {
            var key = Guid.NewGuid().ToString();
            var two = new { from = new { email = "a@idem.test" }, to = new[] { new { email = $"q1-{Guid.NewGuid():N}@example.test" }, new { email = $"q2-{Guid.NewGuid():N}@example.test" } }, subject = "s", text = "t" };
            var refused = await Tenant.Client.SendAsync(Post(key, two));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));

            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{Tenant.Id}", new { hourly_quota = 0 })).EnsureSuccessStatusCode();
            var retried = await Polling.UntilAsync(() => Tenant.Client.SendAsync(Post(key, two)), r => r.StatusCode == HttpStatusCode.Accepted, TimeSpan.FromSeconds(40));
            Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "the 429 was not replayed: the same key ran again once the quota allowed it");
            Assert.That(retried.Headers.Contains("Idempotent-Replayed"), Is.False);
        }
        finally
        {
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{Tenant.Id}", new { hourly_quota = 0 })).EnsureSuccessStatusCode();
        }
    }

    [Test]
    public async Task AnOverlongKeyIs400()
    {
        var response = await Tenant.Client.SendAsync(Post(new string('k', 257), Message("x@example.test")));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task CreatingADomainHonoursTheKey()
    {
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Create() => new(HttpMethod.Post, "/v1/domains") { Content = JsonContent.Create(new { name = "idem-domain.test" }), Headers = { { "Idempotency-Key", key } } };
        var first = await Tenant.Client.SendAsync(Create());
        var second = await Tenant.Client.SendAsync(Create());
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Created), "replayed, not 409 for an existing domain");
        Assert.That(second.Headers.Contains("Idempotent-Replayed"), Is.True);
    }
}
