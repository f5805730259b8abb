namespace SendGateway.IntegrationTests.Infrastructure;

/// <summary>A request a <see cref="ScriptedWebhookServer"/> read: when it arrived, its path, its headers (lower-case names) and its body.</summary>
public sealed record ScriptedHookRequest(DateTimeOffset ArrivedAt, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? WebhookId => Headers.GetValueOrDefault("webhook-id");

    public long WebhookTimestamp => long.Parse(Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);

    public string? WebhookSignature => Headers.GetValueOrDefault("webhook-signature");
}
