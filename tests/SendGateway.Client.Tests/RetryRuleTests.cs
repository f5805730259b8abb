using System.Net;
using System.Net.Http.Headers;

namespace SendGateway.Client.Tests;

/// <summary>Which answers the client retries (the rule the resilience pipeline applies; the end-to-end retry is in the integration tests).</summary>
public sealed class RetryRuleTests
{
    private static HttpResponseMessage Answer(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status);
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delay);
        }

        return response;
    }

    [TestCase(HttpStatusCode.TooManyRequests, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, true)]
    [TestCase(HttpStatusCode.BadRequest, false)]
    [TestCase(HttpStatusCode.Unauthorized, false)]
    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Conflict, false)]
    [TestCase(HttpStatusCode.UnprocessableEntity, false)]
    [TestCase(HttpStatusCode.InternalServerError, false)]
    [TestCase(HttpStatusCode.OK, false)]
    public void OnlyTooManyRequestsAndServiceUnavailableAreRetried(HttpStatusCode status, bool retried)
    {
        using var response = Answer(status, TimeSpan.FromSeconds(1));
        Assert.That(SendGatewayRetry.ShouldRetry(response, TimeSpan.FromSeconds(30)), Is.EqualTo(retried));
    }

    [Test]
    public void ARetryAfterLongerThanTheLimitIsNotWaitedFor()
    {
        using var quota = Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromHours(1));
        using var brief = Answer(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2));
        using var none = Answer(HttpStatusCode.ServiceUnavailable);
        Assert.That(SendGatewayRetry.ShouldRetry(quota, TimeSpan.FromSeconds(30)), Is.False);
        Assert.That(SendGatewayRetry.ShouldRetry(brief, TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(SendGatewayRetry.ShouldRetry(none, TimeSpan.FromSeconds(30)), Is.True);
    }

    [Test]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => SendGatewayClient.Create(new SendGatewayClientOptions { ApiKey = "k" }));
        Assert.Throws<ArgumentException>(() => SendGatewayClient.Create(new SendGatewayClientOptions { BaseAddress = new Uri("http://127.0.0.1/") }));
        Assert.Throws<ArgumentOutOfRangeException>(() => SendGatewayClient.Create(new SendGatewayClientOptions { BaseAddress = new Uri("http://127.0.0.1/"), ApiKey = "k", MaxRetries = 50 }));
    }
}
