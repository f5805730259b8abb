namespace SendGateway.Server.Users;

/// <summary>Body of <c>POST /v1/users</c>: who and with which role; the person sets their own password through the link.</summary>
internal sealed record CreateUserRequest(string? Email, string? Role);
