namespace SendGateway.Server.Users.Panel;

/// <summary>The sign-in form.</summary>
internal sealed class LoginInput
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}
