using System.Net.Http.Json;
using System.Text.Json;

namespace SendGateway.IntegrationTests.Infrastructure;

public sealed record TestTenant(string Id, string ApiKey, HttpClient Client) : IDisposable
{
    public async Task<HttpResponseMessage> SendAsync(object message, CancellationToken cancellationToken = default) =>
        await Client.PostAsJsonAsync("/v1/messages", message, cancellationToken);

    /// <summary>Polls GET /v1/messages/{id} until its status is <paramref name="status"/>; fails with the last body after the timeout.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string id, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = "(not found yet)";
        while (DateTime.UtcNow < deadline)
        {
            var response = await Client.GetAsync($"/v1/messages/{id}");
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                last = body.ToString();
                if (body.GetProperty("status").GetString() == status)
                {
                    return body;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Message {id} did not reach status '{status}' within {seconds} s; last: {last}");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>
    /// Waits until the ingester has stored the message's first event in PostgreSQL, then for <paramref name="status"/>:
    /// <c>GET /v1/messages/{id}</c> answers from the queue's record before that (status <c>injected</c>), so "injected"
    /// alone says nothing about ingestion.
    /// </summary>
    public async Task<JsonElement> WaitForIngestedStatusAsync(string id, string status, int seconds = 30)
    {
        var stored = await Polling.UntilAsync(
            async () => (await Client.GetFromJsonAsync<JsonElement>($"/v1/events?message_id={id}")).GetProperty("data").GetArrayLength(),
            count => count > 0, TimeSpan.FromSeconds(seconds));
        Assert.That(stored, Is.GreaterThan(0), $"message {id} has an event stored within {seconds} s");
        return await WaitForStatusAsync(id, status, seconds);
    }

    public void Dispose() => Client.Dispose();
}
