namespace SendGateway.Server.Queue;

public sealed record BatchAddress(string Email, string? Name);
