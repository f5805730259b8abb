namespace SendGateway.Server.Users.Panel;

/// <summary>The welcome page's form: the person's own password (twice) and a code of the authenticator key they just enrolled.</summary>
internal sealed class WelcomeInput
{
    public string? Password { get; set; }

    public string? Repeat { get; set; }

    public string? Code { get; set; }
}
