namespace SendGateway.Server.Queue;

/// <summary>An attachment as submitted: base64 content, decoded only when the MIME is built.</summary>
internal sealed record BatchAttachment(string Filename, string ContentType, string Content, bool Inline, string? ContentId);
