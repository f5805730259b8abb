namespace SendGateway.Server.Relay.Panel;

/// <summary>The SMTP page's form: a name for the application that will use the credential.</summary>
internal sealed class NewCredentialForm
{
    public string? Name { get; set; }
}
