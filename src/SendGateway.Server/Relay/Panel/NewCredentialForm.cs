namespace SendGateway.Server.Relay.Panel;

/// <summary>The SMTP page's form: a name for the application that will use the credential, and its default stream.</summary>
internal sealed class NewCredentialForm
{
    public string? Name { get; set; }

    /// <summary>The stream of its messages that name none; empty: transactional (stored as none, as the API's null).</summary>
    public string? DefaultStream { get; set; }
}
