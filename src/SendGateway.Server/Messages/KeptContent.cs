namespace SendGateway.Server.Messages;

/// <summary>A copy as sent that the tenant keeps (<c>keep_content_days</c>), in a recipient's export: the MIME as text.</summary>
internal sealed record KeptContent(string MessageId, DateTime StoredAt, string Mime);
