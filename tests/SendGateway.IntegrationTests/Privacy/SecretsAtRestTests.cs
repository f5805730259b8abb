using System.Net.Http.Json;
using System.Text.Json;
using SendGateway.IntegrationTests.Infrastructure;

namespace SendGateway.IntegrationTests.Privacy;

/// <summary>
/// reliability.md T34: every secret the API issues (a tenant's first API key, another API key, an SMTP password, a
/// webhook signing secret), each issued once plainly and once under an Idempotency-Key (whose answer is kept for
/// replay), is found neither in a full <c>pg_dump</c> of the database nor in any Redis value.
/// </summary>
[TestFixture]
public sealed class SecretsAtRestTests
{
    [Test]
    public async Task NoIssuedKeyPasswordOrWebhookSecretIsStoredInPlainText()
    {
        await using var factory = new SendGatewayFactory("api,events");
        using var admin = factory.CreateAdminClient();
        var secrets = new List<string>();
        foreach (var key in new string?[] { null, Guid.NewGuid().ToString("N") })
        {
            var tenant = await PostAsync(admin, "/v1/admin/tenants", new { name = $"at-rest-{Guid.NewGuid():N}" }, key);
            var apiKey = tenant.GetProperty("api_key").GetString()!;
            using var client = factory.Authorized(apiKey);
            var second = await PostAsync(client, "/v1/api-keys", new { name = "second" }, key);
            var credential = await PostAsync(client, "/v1/smtp-credentials", new { name = "relay" }, key);
            var hook = await PostAsync(client, "/v1/webhooks", new { url = "http://127.0.0.1:9/hook" }, key);
            secrets.AddRange([
                Secret(apiKey), Secret(second.GetProperty("key").GetString()!), credential.GetProperty("password").GetString()!,
                hook.GetProperty("secret").GetString()!["whsec_".Length..],
            ]);
        }

        Assert.That(secrets, Has.All.Length.GreaterThanOrEqualTo(16), "each is a secret long enough not to match by chance");
        var postgres = (await StorageDump.PostgresAsync(factory)).ToLowerInvariant();
        var redis = (await StorageDump.RedisAsync(factory)).ToLowerInvariant();
        Assert.That(postgres, Does.Contain("second"), "the dump holds the rows the test made");
        Assert.That(redis, Is.Not.Empty, "Redis holds the stored answers");
        foreach (var secret in secrets.Select(s => s.ToLowerInvariant()))
        {
            Assert.That(postgres.Contains(secret, StringComparison.Ordinal), Is.False, $"the PostgreSQL dump holds an issued secret ({secret[..4]}…)");
            Assert.That(redis.Contains(secret, StringComparison.Ordinal), Is.False, $"a Redis value holds an issued secret ({secret[..4]}…)");
        }
    }

    /// <summary>An API key's secret part (<c>sgk_&lt;id&gt;_&lt;secret&gt;</c>): the id is meant to be stored.</summary>
    private static string Secret(string apiKey) => apiKey.Split('_')[2];

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{path}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
