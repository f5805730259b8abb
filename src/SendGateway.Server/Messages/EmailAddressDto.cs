namespace SendGateway.Server.Messages;

internal sealed record EmailAddressDto(string? Email, string? Name);
