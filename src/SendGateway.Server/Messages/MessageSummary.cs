namespace SendGateway.Server.Messages;

/// <summary>
/// One message in a list (<c>GET /v1/messages</c>, the panel's Activity): its envelope, status, subject (null when the
/// tenant does not keep subjects, for a message from before they were kept, or once anonymised) and opens and clicks
/// by people (those a proxy, scanner or prefetch made are on the message's events).
/// </summary>
internal sealed record MessageSummary(
    string Id, string Recipient, string? Subject, string Stream, IReadOnlyList<string> Tags, string Status,
    DateTimeOffset AcceptedAt, DateTimeOffset UpdatedAt, int Opens, int Clicks);
