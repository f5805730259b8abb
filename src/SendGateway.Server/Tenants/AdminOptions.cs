namespace SendGateway.Server.Tenants;

/// <summary><c>SendGateway:Admin</c>. With no <c>ApiKey</c> the operator API answers 401 to everyone.</summary>
public sealed class AdminOptions
{
    public string? ApiKey { get; set; }
}
