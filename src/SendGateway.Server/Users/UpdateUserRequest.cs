namespace SendGateway.Server.Users;

/// <summary>Body of <c>PATCH /v1/users/{id}</c>.</summary>
internal sealed record UpdateUserRequest(string? Role);
