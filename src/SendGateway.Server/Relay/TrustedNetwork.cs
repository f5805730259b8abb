namespace SendGateway.Server.Relay;

/// <summary>A client network allowed to relay without AUTH as one tenant (Postfix mynetworks): for appliances and benchmarks.</summary>
public sealed class TrustedNetwork
{
    /// <summary>CIDR, e.g. <c>127.0.0.1/32</c>.</summary>
    public string Network { get; set; } = string.Empty;

    public string TenantId { get; set; } = string.Empty;
}
