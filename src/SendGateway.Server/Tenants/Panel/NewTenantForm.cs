namespace SendGateway.Server.Tenants.Panel;

/// <summary>The operator console's form for a new tenant: its name.</summary>
internal sealed class NewTenantForm
{
    public string? Name { get; set; }
}
