using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SendGateway.Client;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Clients;

/// <summary>
/// The client's retry rule against the server's real limits: a request rate limit's 429 is retried after its
/// Retry-After until it is served; a sending quota's 429, whose Retry-After is beyond <c>MaxRetryDelay</c>, is thrown at once.
/// </summary>
[TestFixture]
public sealed class ClientRetryTests
{
    private readonly AdjustableTimeProvider _clock = new();
    private SendGatewayFactory _factory = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _factory = new SendGatewayFactory("api,relay", new Dictionary<string, string?>
        {
            ["SendGateway:RateLimits:PerKeyPerSecond"] = "1", ["SendGateway:RateLimits:PerKeyBurst"] = "1",
        }, clock: _clock);
        _factory.StartServer();
        _tenant = await _factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(_tenant, "retry-acme.test");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _tenant.Dispose();
        await _factory.DisposeAsync();
    }

    private (SendGatewayClient Client, ServiceProvider Provider) Client(ConcurrentQueue<(HttpStatusCode Status, bool Quota)> answers)
    {
        var services = new ServiceCollection();
        services.AddSendGatewayClient(o =>
        {
            o.BaseAddress = new Uri($"http://127.0.0.1:{_factory.HttpPort}");
            o.ApiKey = _tenant.ApiKey;
            o.MaxRetries = 6;
        }).AddHttpMessageHandler(() => new RecordingHandler(answers));
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<SendGatewayClient>(), provider);
    }

    [Test]
    public async Task RateLimitedCallsAreRetriedAfterRetryAfterUntilEachIsServed()
    {
        var answers = new ConcurrentQueue<(HttpStatusCode Status, bool Quota)>();
        var (client, provider) = Client(answers);
        await using var _ = provider;
        var clock = Stopwatch.StartNew();
        var settings = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.Account.GetSettingsAsync()));
        Assert.That(settings, Has.Length.EqualTo(4).And.All.Not.Null);
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(1), string.Join(",", answers));
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.EqualTo(4));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "a retry waited for Retry-After (1 s)");
    }

    [Test]
    public async Task AQuotaRefusalWhoseRetryAfterIsTooFarIsThrownWithoutWaiting()
    {
        using (var admin = _factory.CreateAdminClient())
        {
            (await admin.PatchAsJsonAsync($"/v1/admin/tenants/{_tenant.Id}", new { hourly_quota = 1 })).EnsureSuccessStatusCode();
        }

        // The quota's Retry-After is the time to the end of its hour: start one, so it is ~3,600 s and never within
        // MaxRetryDelay (near the top of a wall-clock hour it would be seconds, and rightly retried).
        _clock.SkipToNextHour();

        var answers = new ConcurrentQueue<(HttpStatusCode Status, bool Quota)>();
        var (client, provider) = Client(answers);
        await using var _ = provider;
        var message = new SendMessageRequest
        {
            From = new EmailAddress { Email = "a@retry-acme.test" }, Subject = "s", Text = "t",
            To = [new Recipient { Email = $"q1-{Guid.NewGuid():N}@mx-ok.test" }, new Recipient { Email = $"q2-{Guid.NewGuid():N}@mx-ok.test" }],
        };
        var refused = Assert.ThrowsAsync<SendGatewayException>(() => client.Messages.SendAsync(message))!;
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Code, Is.EqualTo("quota_exceeded"));
        Assert.That(refused.RetryAfter, Is.GreaterThan(TimeSpan.FromSeconds(30)));
        // A rate limit's 429 before it may have been retried; the quota's answer came once and was not.
        Assert.That(answers.Count(a => a.Quota), Is.EqualTo(1), string.Join(",", answers));
        Assert.That(answers.Last().Quota, Is.True);
    }

    private sealed class RecordingHandler(ConcurrentQueue<(HttpStatusCode Status, bool Quota)> answers) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var quota = response.StatusCode == HttpStatusCode.TooManyRequests && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("quota_exceeded", StringComparison.Ordinal);
            answers.Enqueue((response.StatusCode, quota));
            return response;
        }
    }
}
