namespace SendGateway.Server.Domains;

/// <summary>A DNS record the tenant publishes for a sender domain, with what to mind when publishing it (<paramref name="Note"/>).</summary>
internal sealed record DnsRecord(string Purpose, string Type, string Name, string Value, string? Note = null);
