namespace SendGateway.Server.Users.Panel;

/// <summary>The second step's form: a six-digit code, or one of the recovery codes.</summary>
internal sealed class CodeInput
{
    public string? Code { get; set; }
}
