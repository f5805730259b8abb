using System.Text.Json;

namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>One request the webhook receiver got, and whether <c>standardwebhooks</c> verified it.</summary>
public sealed record ReceivedWebhook(string? WebhookId, string? WebhookTimestamp, string? WebhookSignature, string Body, bool Verified, int Status, string? Error)
{
    public IReadOnlyList<JsonElement> Events() => JsonSerializer.Deserialize<List<JsonElement>>(Body)!;
}
