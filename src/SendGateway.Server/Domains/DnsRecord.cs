namespace SendGateway.Server.Domains;

/// <summary>A DNS record the tenant publishes for a sender domain.</summary>
public sealed record DnsRecord(string Purpose, string Type, string Name, string Value);
