namespace SendGateway.Server.Users;

/// <summary>Body of <c>POST /v1/users</c>: without a password one is made and returned once.</summary>
public sealed record CreateUserRequest(string? Email, string? Role, string? Password = null);
