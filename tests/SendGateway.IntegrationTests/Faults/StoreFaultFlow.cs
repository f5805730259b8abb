using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Faults;

/// <summary>
/// Messages sent one request after the other over REST (<paramref name="recipientsPerRequest"/> recipients each) while a
/// store may be away: every 202 is kept (message id → recipient); a request refused with 503 (or 409 while its key's claim
/// is held) is sent again with its Idempotency-Key until accepted.
/// </summary>
internal sealed class StoreFaultFlow(TestTenant tenant, string from, string recipientDomain, int recipientsPerRequest = 1)
{
    /// <summary>Idempotency-Key → recipients of every request refused and not yet accepted.</summary>
    private readonly Dictionary<string, string[]> _refusals = [];

    /// <summary>Message id → recipient of every 202.</summary>
    public Dictionary<string, string> Accepted { get; } = [];

    public int Refused { get; private set; }

    /// <summary>Sends new messages (and the refused ones again) until <paramref name="accepted"/> were accepted.</summary>
    public async Task SendUntilAsync(int accepted)
    {
        while (Accepted.Count < accepted)
        {
            await SendAsync();
        }
    }

    /// <summary>Sends every refused request again, with its key, until each is accepted.</summary>
    public async Task SendRefusedAgainAsync()
    {
        while (_refusals.Count > 0)
        {
            await SendAsync();
        }
    }

    /// <summary>One request: a refused one again if there is one, else a new message; true when it was accepted.</summary>
    public async Task<bool> SendAsync()
    {
        var (key, recipients) = _refusals.Count > 0
            ? (_refusals.First().Key, _refusals.First().Value)
            : (Guid.NewGuid().ToString("N"), Enumerable.Range(0, recipientsPerRequest).Select(_ => $"r{Guid.NewGuid():N}@{recipientDomain}").ToArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = JsonContent.Create(new { from = new { email = from }, to = recipients.Select(r => new { email = r }).ToArray(), subject = "store fault", text = "t" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await tenant.Client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            foreach (var message in body.GetProperty("messages").EnumerateArray())
            {
                Accepted[message.GetProperty("id").GetString()!] = message.GetProperty("email").GetString()!;
            }

            _refusals.Remove(key);
            return true;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable).Or.EqualTo(HttpStatusCode.Conflict), await response.Content.ReadAsStringAsync());
        Refused++;
        _refusals[key] = recipients;
        await Task.Delay(50); // a client's pause before its retry, not a wait for the service
        return false;
    }
}
