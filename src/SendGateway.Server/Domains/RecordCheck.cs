namespace SendGateway.Server.Domains;

/// <summary>
/// One record's state after a DNS check: <c>verified</c>, <c>missing</c>, <c>mismatch</c> or <c>dns_error</c>, with what
/// was found and, where it matters, what to do about it (<paramref name="Note"/>: merge into an existing SPF record, keep
/// an existing DMARC record).
/// </summary>
internal sealed record RecordCheck(string Purpose, string Type, string Name, string Expected, IReadOnlyList<string> Found, string State, string? Note = null);
