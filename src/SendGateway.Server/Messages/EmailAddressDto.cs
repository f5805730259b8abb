namespace SendGateway.Server.Messages;

public sealed record EmailAddressDto(string? Email, string? Name);
