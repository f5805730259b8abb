namespace SendGateway.Server.Messages;

public sealed record AttachmentDto(string? Filename, string? ContentType, string? Content, bool Inline, string? ContentId);
