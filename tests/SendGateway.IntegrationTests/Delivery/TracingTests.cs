using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Delivery;

/// <summary>The trace context of the accepting request travels inside the queue entry to the delivery attempt.</summary>
[TestFixture]
public sealed class TracingTests
{
    [Test]
    public async Task TheDeliveryAttemptContinuesTheTraceOfTheRequestThatAcceptedIt()
    {
        var deliveries = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SendGateway",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => deliveries.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);

        await using var factory = new SendGatewayFactory();
        using var tenant = await factory.CreateTenantAsync();
        await SendGatewayFactory.AddDomainAsync(tenant, "trace.test");
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = "a@trace.test" }, to = new[] { new { email = $"t-{Guid.NewGuid():N}@mx-ok.test" } }, subject = "s", text = "t" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await tenant.Client.SendAsync(request);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await tenant.WaitForStatusAsync(id, "ok");

        var deliver = deliveries.Where(a => a.OperationName == "deliver" && Equals(a.GetTagItem("sendgateway.message_id"), id)).ToList();
        Assert.That(deliver, Has.Count.EqualTo(1));
        Assert.That(deliver[0].TraceId, Is.EqualTo(traceId));
    }
}
