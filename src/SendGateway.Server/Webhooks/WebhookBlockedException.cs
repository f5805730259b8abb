namespace SendGateway.Server.Webhooks;

/// <summary>The connect-time SSRF check refused every address of the host (reliability.md T48: <c>blocked_destination</c>).</summary>
internal sealed class WebhookBlockedException(string host) : Exception($"The host {host} resolves to a blocked address.");
