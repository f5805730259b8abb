namespace SendGateway.Server.Domains;

/// <summary>One record's state after a DNS check: <c>verified</c>, <c>missing</c>, <c>mismatch</c> or <c>dns_error</c>, with what was found.</summary>
public sealed record RecordCheck(string Purpose, string Type, string Name, string Expected, IReadOnlyList<string> Found, string State);
