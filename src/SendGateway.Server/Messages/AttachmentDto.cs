namespace SendGateway.Server.Messages;

internal sealed record AttachmentDto(string? Filename, string? ContentType, string? Content, bool Inline, string? ContentId);
