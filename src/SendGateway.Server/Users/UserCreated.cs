namespace SendGateway.Server.Users;

/// <summary>A new panel user; the password when one was made and the otpauth URI when the factor was enrolled at once, shown once.</summary>
internal sealed record UserCreated(string Id, string Email, string Role, string? TenantId, string? Password, string? OtpauthUri);
