namespace SendGateway.Server.Queue;

internal sealed record BatchAddress(string Email, string? Name);
