namespace SendGateway.Server.Domains.Panel;

/// <summary>The Domains page's "add" form.</summary>
internal sealed class AddDomainForm
{
    public string? Name { get; set; }
}
