namespace SendGateway.Server.Users.Panel;

/// <summary>The "Your account" page's form: the current password and a code of now, then the new password twice.</summary>
internal sealed class PasswordChangeInput
{
    public string? Current { get; set; }

    public string? Code { get; set; }

    public string? Password { get; set; }

    public string? Repeat { get; set; }
}
